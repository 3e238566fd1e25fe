//! The ticket forms' rules, run on the server (nothing here needs the database; which
//! departments exist is checked by the service).

use super::status::Priority;
use crate::error::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

pub const MAX_SUBJECT_CHARS: usize = 150;
pub const MAX_MESSAGE_CHARS: usize = 10_000;
/// The `ticket_departments.name` column's length.
pub const MAX_DEPARTMENT_CHARS: usize = 64;

/// The "Open ticket" form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicketInput {
    /// A department id, as the select sends it.
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub message: String,
}

/// A new ticket that passed the form's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNewTicket {
    pub department_id: i64,
    pub subject: String,
    pub priority: Priority,
    pub message: String,
}

impl NewTicketInput {
    pub fn validate(&self) -> Result<ValidNewTicket, Vec<FieldError>> {
        let mut errors = Vec::new();
        let department_id = self.department.trim().parse::<i64>().ok();
        if department_id.is_none() {
            let problem =
                if self.department.trim().is_empty() { FieldProblem::Required } else { FieldProblem::InvalidChoice };
            errors.push(FieldError { field: "department".into(), problem });
        }
        let subject = match one_line(&self.subject, MAX_SUBJECT_CHARS) {
            Ok(subject) => Some(subject),
            Err(problem) => {
                errors.push(FieldError { field: "subject".into(), problem });
                None
            }
        };
        let priority = Priority::parse(self.priority.trim());
        if priority.is_none() {
            errors.push(FieldError { field: "priority".into(), problem: FieldProblem::InvalidChoice });
        }
        let message = match message_body(&self.message) {
            Ok(message) => Some(message),
            Err(problem) => {
                errors.push(FieldError { field: "message".into(), problem });
                None
            }
        };
        match (department_id, subject, priority, message) {
            (Some(department_id), Some(subject), Some(priority), Some(message)) => {
                Ok(ValidNewTicket { department_id, subject, priority, message })
            }
            _ => Err(errors),
        }
    }
}

/// A one-line text with its runs of whitespace collapsed: required, at most `max` characters.
pub fn one_line(text: &str, max: usize) -> Result<String, FieldProblem> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        Err(FieldProblem::Required)
    } else if text.chars().count() > max {
        Err(FieldProblem::TooLong)
    } else {
        Ok(text)
    }
}

/// A message as written, its line breaks kept (as `\n`) and the blank ends trimmed.
pub fn message_body(text: &str) -> Result<String, FieldProblem> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        Err(FieldProblem::Required)
    } else if text.chars().count() > MAX_MESSAGE_CHARS {
        Err(FieldProblem::TooLong)
    } else {
        Ok(text.to_owned())
    }
}

/// A department's name: required, one line, at most the column's length.
pub fn department_name(text: &str) -> Result<String, FieldProblem> {
    one_line(text, MAX_DEPARTMENT_CHARS)
}

/// The legacy `tickets.department` code older readers know, for a department name that says
/// one of them (in English or Persian); anything else is `other`.
pub fn legacy_department_code(name: &str) -> &'static str {
    match name.trim().to_lowercase().as_str() {
        "sales" | "فروش" => "sales",
        "billing" | "مالی" | "امور مالی" => "billing",
        "support" | "technical support" | "پشتیبانی" | "پشتیبانی فنی" => "support",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(department: &str, subject: &str, priority: &str, message: &str) -> NewTicketInput {
        NewTicketInput {
            department: department.into(),
            subject: subject.into(),
            priority: priority.into(),
            message: message.into(),
        }
    }

    fn fields(result: Result<ValidNewTicket, Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_valid_ticket_is_tidied() {
        let valid = input(" 7 ", "  Mail   is down ", "high", "\r\nIt stopped.\r\nSince noon.\n\n").validate().unwrap();
        assert_eq!(
            valid,
            ValidNewTicket {
                department_id: 7,
                subject: "Mail is down".into(),
                priority: Priority::High,
                message: "It stopped.\nSince noon.".into()
            }
        );
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        assert_eq!(
            fields(input("", " ", "urgent", "  ").validate()),
            [
                ("department".into(), FieldProblem::Required),
                ("subject".into(), FieldProblem::Required),
                ("priority".into(), FieldProblem::InvalidChoice),
                ("message".into(), FieldProblem::Required),
            ]
        );
        assert_eq!(
            fields(input("sales", "x", "low", "y").validate()),
            [("department".into(), FieldProblem::InvalidChoice)]
        );
        let long = input("1", &"s".repeat(MAX_SUBJECT_CHARS + 1), "low", &"m".repeat(MAX_MESSAGE_CHARS + 1));
        assert_eq!(
            fields(long.validate()),
            [("subject".into(), FieldProblem::TooLong), ("message".into(), FieldProblem::TooLong)]
        );
    }

    #[test]
    fn department_names_and_legacy_codes() {
        assert_eq!(department_name("  Billing   team "), Ok("Billing team".into()));
        assert_eq!(department_name(""), Err(FieldProblem::Required));
        assert_eq!(department_name(&"d".repeat(MAX_DEPARTMENT_CHARS + 1)), Err(FieldProblem::TooLong));
        assert_eq!(legacy_department_code("Support"), "support");
        assert_eq!(legacy_department_code("مالی"), "billing");
        assert_eq!(legacy_department_code("Abuse"), "other");
    }
}
