//! Rules for plain texts typed into forms, shared by every feature's input checks and run the
//! same in the browser and on the server.

use crate::error::FieldProblem;

pub const PASSWORD_MIN_CHARS: usize = 10;
const PASSWORD_MAX_CHARS: usize = 128;

/// The password rule, also used where a client sets their own password.
pub fn check_password(password: &str) -> Result<(), FieldProblem> {
    let chars = password.chars().count();
    if chars == 0 {
        Err(FieldProblem::Required)
    } else if chars < PASSWORD_MIN_CHARS {
        Err(FieldProblem::TooShort)
    } else if chars > PASSWORD_MAX_CHARS {
        Err(FieldProblem::TooLong)
    } else {
        Ok(())
    }
}

/// A trimmed text of at most `max_chars`, inner runs of spaces made one; empty is refused.
pub fn required(value: &str, max_chars: usize) -> Result<String, FieldProblem> {
    match optional(value, max_chars)? {
        Some(value) => Ok(value),
        None => Err(FieldProblem::Required),
    }
}

pub fn optional(value: &str, max_chars: usize) -> Result<Option<String>, FieldProblem> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.chars().count() > max_chars {
        Err(FieldProblem::TooLong)
    } else if value.is_empty() {
        Ok(None)
    } else {
        Ok(Some(value))
    }
}
