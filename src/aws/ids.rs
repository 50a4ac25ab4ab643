//! The shapes of AWS identifiers: ARNs, VPC, subnet and security-group ids,
//! and (through [`crate::aws::url`]) the host and port of an `https://` URL.
//!
//! `check::resources` uses these to reject identifiers AWS would reject, with
//! a precise reason; `lower::plan` uses the same parsers to take identifiers
//! apart (an existing connection's region and name, an endpoint's host).
//! Keeping both sides on one parser means the plan never meets a shape the
//! checker let through by a different rule.

use super::url::HttpsUrl;

/// The parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// `vpc-lattice`, `events`, `secretsmanager`, …
    pub service: &'a str,
    /// `eu-west-1`, …
    pub region: &'a str,
    /// Twelve digits.
    pub account: &'a str,
    /// Everything after the fifth colon, e.g. `connection/name/uuid`.
    pub resource: &'a str,
}

/// Why a text is not a well-formed ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnProblem {
    /// It does not start with `arn:` or has fewer than six colon-separated parts.
    NotAnArn,
    /// The partition is not `aws` or `aws-…`.
    Partition,
    /// The region is not of the form `xx-name-1`.
    Region,
    /// The account is not twelve digits.
    Account,
}

impl<'a> Arn<'a> {
    /// Splits an ARN and checks the partition, region and account shapes.
    pub fn parse(text: &'a str) -> Result<Arn<'a>, ArnProblem> {
        let mut parts = text.splitn(6, ':');
        let (
            Some("arn"),
            Some(partition),
            Some(service),
            Some(region),
            Some(account),
            Some(resource),
        ) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        )
        else {
            return Err(ArnProblem::NotAnArn);
        };
        if service.is_empty() || resource.is_empty() {
            return Err(ArnProblem::NotAnArn);
        }
        if !is_partition(partition) {
            return Err(ArnProblem::Partition);
        }
        if !is_region(region) {
            return Err(ArnProblem::Region);
        }
        if !is_account(account) {
            return Err(ArnProblem::Account);
        }
        Ok(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

/// `aws` or `aws-` followed by lowercase words (`aws-cn`, `aws-us-gov`,
/// `aws-iso-b`).
fn is_partition(text: &str) -> bool {
    text == "aws"
        || text.strip_prefix("aws-").is_some_and(|rest| {
            rest.split('-')
                .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
        })
}

/// `xx-name-N`: two lowercase letters, one or more lowercase words, a number
/// (`eu-west-1`, `us-gov-west-1`, `ap-southeast-5`).
fn is_region(text: &str) -> bool {
    let words: Vec<&str> = text.split('-').collect();
    let [first, middle @ .., last] = words.as_slice() else {
        return false;
    };
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// Twelve digits.
fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// aws.md §3 "VPC Lattice": a resource configuration id is `rcfg-` and 17
/// lowercase letters or digits (the `ResourceConfigurationArn` pattern).
pub fn is_resource_configuration_id(text: &str) -> bool {
    text.strip_prefix("rcfg-")
        .is_some_and(|rest| rest.len() == 17 && is_lower_alnum(rest))
}

/// The name and id of an EventBridge connection from the resource part of
/// its ARN, `connection/NAME/ID` (aws.md §3, `Fn::GetAtt Arn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionResource<'a> {
    /// `[.\-_A-Za-z0-9]{1,64}`
    pub name: &'a str,
    /// The id EventBridge appended (a UUID).
    pub id: &'a str,
}

/// Why the resource part of a connection ARN is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionProblem {
    /// `connection/NAME` without the id EventBridge appends: the form IAM
    /// policies use (`ArnForPolicy`), not the connection's ARN.
    MissingId,
    /// The name is empty, too long or has characters EventBridge rejects.
    BadName,
    /// The id has characters other than letters, digits and `-`.
    BadId,
}

/// Splits `NAME/ID` (the part after `connection/`).
pub fn parse_connection_resource(rest: &str) -> Result<ConnectionResource<'_>, ConnectionProblem> {
    let Some((name, id)) = rest.split_once('/') else {
        return if is_connection_name(rest) {
            Err(ConnectionProblem::MissingId)
        } else {
            Err(ConnectionProblem::BadName)
        };
    };
    if !is_connection_name(name) {
        return Err(ConnectionProblem::BadName);
    }
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(ConnectionProblem::BadId);
    }
    Ok(ConnectionResource { name, id })
}

/// aws.md §3: a connection name is 1–64 of `[.\-_A-Za-z0-9]`.
fn is_connection_name(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// The kinds of EC2 id a `private gateway` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ec2IdKind {
    /// `vpc-…`
    Vpc,
    /// `subnet-…`
    Subnet,
    /// `sg-…`
    SecurityGroup,
}

impl Ec2IdKind {
    /// The prefix every id of this kind starts with.
    pub fn prefix(self) -> &'static str {
        match self {
            Ec2IdKind::Vpc => "vpc-",
            Ec2IdKind::Subnet => "subnet-",
            Ec2IdKind::SecurityGroup => "sg-",
        }
    }

    /// What the id names, for messages ("VPC id").
    pub fn noun(self) -> &'static str {
        match self {
            Ec2IdKind::Vpc => "VPC",
            Ec2IdKind::Subnet => "subnet",
            Ec2IdKind::SecurityGroup => "security group",
        }
    }

    /// aws.md §3 `VpcIdentifier`/`SecurityGroupIds` patterns: the prefix,
    /// then 8 or 17 lowercase letters or digits. Subnet ids have the same
    /// form (EC2 ids are a prefix and 8 or 17 hexadecimal digits).
    pub fn matches(self, text: &str) -> bool {
        text.strip_prefix(self.prefix())
            .is_some_and(|rest| matches!(rest.len(), 8 | 17) && is_lower_alnum(rest))
    }
}

fn is_lower_alnum(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

pub use super::url::HTTPS_PORT;

/// The host and explicit port of an `https://host[:port][/path]` URL, or
/// `None` when the text is not such a URL (the URL checks in `check` say
/// why). A shorthand over [`HttpsUrl::parse`], the one URL parser, for the
/// callers that only need these two parts.
pub fn https_host_port(url: &str) -> Option<(&str, Option<u16>)> {
    HttpsUrl::parse(url).ok().map(|url| (url.host, url.port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_split_and_checked() {
        let arn = Arn::parse(
            "arn:aws:events:eu-west-1:111122223333:connection/billing/0b8e1f3c-1111-2222",
        );
        assert_eq!(
            arn.map(|a| (a.service, a.region, a.resource)),
            Ok((
                "events",
                "eu-west-1",
                "connection/billing/0b8e1f3c-1111-2222"
            ))
        );
        assert_eq!(
            Arn::parse("arn:aws-us-gov:events:us-gov-west-1:111122223333:x").map(|a| a.partition),
            Ok("aws-us-gov")
        );
        assert_eq!(Arn::parse("events:connection"), Err(ArnProblem::NotAnArn));
        assert_eq!(
            Arn::parse("arn:amazon:events:eu-west-1:111122223333:x"),
            Err(ArnProblem::Partition)
        );
        assert_eq!(
            Arn::parse("arn:aws:events:europe:111122223333:x"),
            Err(ArnProblem::Region)
        );
        assert_eq!(
            Arn::parse("arn:aws:events:eu-west-1:1111:x"),
            Err(ArnProblem::Account)
        );
    }

    #[test]
    fn connection_resources() {
        assert_eq!(
            parse_connection_resource("billing/0b8e-11"),
            Ok(ConnectionResource {
                name: "billing",
                id: "0b8e-11"
            })
        );
        assert_eq!(
            parse_connection_resource("billing"),
            Err(ConnectionProblem::MissingId)
        );
        assert_eq!(
            parse_connection_resource("bill ing/1"),
            Err(ConnectionProblem::BadName)
        );
        assert_eq!(
            parse_connection_resource("billing/1/2"),
            Err(ConnectionProblem::BadId)
        );
    }

    #[test]
    fn ec2_ids_have_eight_or_seventeen_characters() {
        assert!(Ec2IdKind::Vpc.matches("vpc-0a1b2c3d"));
        assert!(Ec2IdKind::Subnet.matches("subnet-0123456789abcdef0"));
        assert!(Ec2IdKind::SecurityGroup.matches("sg-0e3f4a5b"));
        assert!(!Ec2IdKind::Vpc.matches("vpc-0a1b2c3"));
        assert!(!Ec2IdKind::Vpc.matches("vpc-0A1B2C3D"));
        assert!(!Ec2IdKind::Subnet.matches("sg-0e3f4a5b"));
        assert!(is_resource_configuration_id("rcfg-0123456789abcdef0"));
        assert!(!is_resource_configuration_id("rcfg-0123"));
    }

    #[test]
    fn https_urls_give_host_and_port() {
        assert_eq!(
            https_host_port("https://billing.example.com/v1"),
            Some(("billing.example.com", None))
        );
        assert_eq!(
            https_host_port("HTTPS://api.example.com:8443"),
            Some(("api.example.com", Some(8443)))
        );
        assert_eq!(https_host_port("http://api.example.com"), None);
        assert_eq!(https_host_port("https://:443/x"), None);
        assert_eq!(https_host_port("https://a.example.com:99999"), None);
        assert_eq!(https_host_port("https://user@a.example.com"), None);
        // The same parser as the checks: port 0 and a trailing dot are out.
        assert_eq!(https_host_port("https://a.example.com:0"), None);
        assert_eq!(https_host_port("https://a.example.com./x"), None);
    }
}
