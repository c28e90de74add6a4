//! Problems found in a content pack, reported all at once so an author can fix them together.

use std::fmt;

/// How serious a content problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// An item still marked draft: listed so the partnership can verify it.
    Draft,
    /// The pack is still usable; a person should look (overdue reviews, coverage).
    Warning,
    /// The pack must not reach a practitioner.
    Error,
}

impl Severity {
    /// `error`, `warning` or `draft`, as messages and the JavaScript API give it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Draft => "draft",
        }
    }
}

/// One problem: where it is and what is wrong, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The content file, as given to the loader (e.g. `contacts.toml`); empty for pack-wide problems.
    pub file: String,
    /// The item's id, or a description of where in the file.
    pub item: String,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// An error about the pack as a whole, in no file and no item: it cannot be read.
    pub fn of_pack(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: String::new(),
            item: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity.name();
        let file = if self.file.is_empty() { "pack" } else { &self.file };
        if self.item.is_empty() {
            write!(f, "{level}: {file}: {}", self.message)
        } else {
            write!(f, "{level}: {file}: {}: {}", self.item, self.message)
        }
    }
}

/// The problems found while loading a pack.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(pub(crate) Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn error(&mut self, file: &str, item: impl fmt::Display, message: impl Into<String>) {
        self.push(Severity::Error, file, item, message);
    }

    pub(crate) fn warning(&mut self, file: &str, item: impl fmt::Display, message: impl Into<String>) {
        self.push(Severity::Warning, file, item, message);
    }

    pub(crate) fn draft(&mut self, file: &str, item: impl fmt::Display, message: impl Into<String>) {
        self.push(Severity::Draft, file, item, message);
    }

    fn push(&mut self, severity: Severity, file: &str, item: impl fmt::Display, message: impl Into<String>) {
        self.0.push(Diagnostic {
            severity,
            file: file.to_owned(),
            item: item.to_string(),
            message: message.into(),
        });
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}
