//! `--param Name=value` and `--params FILE`: stage parameter values for
//! `aslc build`, `aslc run` and `aslc test`.

use std::path::PathBuf;

use aslc::ParamValues;
use serde_json::Value;

pub(super) use aslc::testing::param_values as values_of;

/// The stage parameter options.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct ParamArgs {
    /// Fix a stage parameter (`param Name`): `--param Name=value`, repeatable.
    /// Given to `build`, the output holds the value and the template has no
    /// parameter for it.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    param: Vec<String>,
    /// A JSON file of stage parameter values: `{"Name": "value", …}`, or
    /// CloudFormation's `[{"ParameterKey": …, "ParameterValue": …}]`.
    /// `--param` wins over the file.
    #[arg(long = "params", value_name = "FILE")]
    params: Option<PathBuf>,
}

impl ParamArgs {
    /// The values, the file's first and then each `--param`; an error
    /// message when one is malformed.
    pub(super) fn values(&self) -> Result<ParamValues, String> {
        let mut values = ParamValues::new();
        if let Some(path) = &self.params {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
            let json: Value = serde_json::from_str(&text)
                .map_err(|error| format!("`{}`: {error}", path.display()))?;
            values = values_of(&json).map_err(|why| format!("`{}`: {why}", path.display()))?;
        }
        for given in &self.param {
            let Some((name, value)) = given.split_once('=') else {
                return Err(format!("`--param {given}`: write `--param Name=value`"));
            };
            values.insert(name.trim().to_owned(), value.to_owned());
        }
        Ok(values)
    }
}
