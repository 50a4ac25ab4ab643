//! What an SFL error name stands for in ASL: the one place that decides
//! it. Check reports the names that stand for nothing; lowering spells the
//! rest through the same function, so the two cannot disagree. The tables
//! of names are AWS facts and live in [`crate::aws`].

use crate::aws;
use crate::syntax::ast::ErrorKind;

/// Why an error name cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorNameProblem {
    /// `Http.X` where X is not a known form; carries the forms to suggest.
    UnknownHttp,
    /// `Http.200`: a 2xx (or 1xx) status never fails the task.
    NotAnErrorStatus(u16),
    /// A capitalised name that is not one of [`aws::BUILTIN_ERRORS`].
    UnknownBuiltin,
    /// `Connection.X` where X is not one of [`aws::CONNECTION_ERRORS`].
    UnknownConnection,
    /// `"States.X"` written as a custom error: reserved for the service.
    ReservedCustom,
    /// `""`
    EmptyCustom,
}

/// The ASL error names one SFL error name stands for (aws.md §1 "Errors
/// raised by the HTTP Task" and §2 "Predefined error names").
///
/// `Http.4xx`/`Http.5xx` expand to every code of the class, because
/// `ErrorEquals` matches exactly and has no wildcard for status codes.
pub fn asl_error_names(kind: &ErrorKind) -> Result<Vec<String>, ErrorNameProblem> {
    match kind {
        ErrorKind::Any => Ok(vec!["States.ALL".to_owned()]),
        ErrorKind::Custom(name) if name.is_empty() => Err(ErrorNameProblem::EmptyCustom),
        ErrorKind::Custom(name) if name.starts_with("States.") => {
            Err(ErrorNameProblem::ReservedCustom)
        }
        ErrorKind::Custom(name) => Ok(vec![name.clone()]),
        ErrorKind::Builtin(name) if aws::BUILTIN_ERRORS.contains(&name.as_str()) => {
            Ok(vec![format!("States.{name}")])
        }
        ErrorKind::Builtin(_) => Err(ErrorNameProblem::UnknownBuiltin),
        ErrorKind::Connection(name) if aws::CONNECTION_ERRORS.contains(&name.as_str()) => {
            Ok(vec![format!("{}{name}", aws::CONNECTION_ERROR_PREFIX)])
        }
        ErrorKind::Connection(_) => Err(ErrorNameProblem::UnknownConnection),
        ErrorKind::Http(form) => http_error_names(form),
    }
}

/// What an error name is wrong with, if anything: [`asl_error_names`]
/// without building the names (an `Http.5xx` stands for a hundred).
pub fn error_name_problem(kind: &ErrorKind) -> Option<ErrorNameProblem> {
    match kind {
        ErrorKind::Http(form) => http_form(form).err(),
        other => asl_error_names(other).err(),
    }
}

/// What `Http.X` stands for.
enum HttpForm {
    /// `Http.Socket`
    Socket,
    /// `Http.404`, `Http.4xx`, `Http.5xx`: a range of status codes.
    Statuses(std::ops::RangeInclusive<u16>),
}

fn http_form(form: &str) -> Result<HttpForm, ErrorNameProblem> {
    match form {
        "Socket" => Ok(HttpForm::Socket),
        "4xx" => Ok(HttpForm::Statuses(400..=499)),
        "5xx" => Ok(HttpForm::Statuses(500..=599)),
        digits if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            let code: u16 = digits.parse().map_err(|_| ErrorNameProblem::UnknownHttp)?;
            if (300..=599).contains(&code) {
                Ok(HttpForm::Statuses(code..=code))
            } else {
                Err(ErrorNameProblem::NotAnErrorStatus(code))
            }
        }
        _ => Err(ErrorNameProblem::UnknownHttp),
    }
}

fn http_error_names(form: &str) -> Result<Vec<String>, ErrorNameProblem> {
    Ok(match http_form(form)? {
        HttpForm::Socket => vec!["States.Http.Socket".to_owned()],
        HttpForm::Statuses(codes) => codes
            .map(|code| format!("States.Http.StatusCode.{code}"))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_classes_expand_to_every_code() {
        let names = asl_error_names(&ErrorKind::Http("5xx".into())).unwrap_or_default();
        assert_eq!(names.len(), 100);
        assert_eq!(
            names.first().map(String::as_str),
            Some("States.Http.StatusCode.500")
        );
        assert_eq!(
            names.last().map(String::as_str),
            Some("States.Http.StatusCode.599")
        );
    }

    #[test]
    fn connection_errors_keep_their_events_prefix() {
        assert_eq!(
            asl_error_names(&ErrorKind::Connection("AccessDenied".into())),
            Ok(vec!["Events.ConnectionResource.AccessDenied".to_owned()])
        );
        assert_eq!(
            asl_error_names(&ErrorKind::Connection("Denied".into())),
            Err(ErrorNameProblem::UnknownConnection)
        );
    }

    #[test]
    fn single_codes_and_builtins() {
        assert_eq!(
            asl_error_names(&ErrorKind::Http("404".into())),
            Ok(vec!["States.Http.StatusCode.404".to_owned()])
        );
        assert_eq!(
            asl_error_names(&ErrorKind::Http("200".into())),
            Err(ErrorNameProblem::NotAnErrorStatus(200))
        );
        assert_eq!(
            asl_error_names(&ErrorKind::Builtin("Timeout".into())),
            Ok(vec!["States.Timeout".to_owned()])
        );
        assert_eq!(
            asl_error_names(&ErrorKind::Custom("States.Foo".into())),
            Err(ErrorNameProblem::ReservedCustom)
        );
    }
}
