//! Credentials.

use std::fmt;

/// An access key pair, with an optional STS security token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// Long-term access key credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token (temporary credentials).
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
    /// `ALIBABA_CLOUD_SECURITY_TOKEN`, the variables Alibaba Cloud's SDKs read. `None` when the
    /// id or the secret is unset or empty.
    pub fn from_env() -> Option<Self> {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        let creds = Self::new(
            var("ALIBABA_CLOUD_ACCESS_KEY_ID")?,
            var("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?,
        );
        Some(match var("ALIBABA_CLOUD_SECURITY_TOKEN") {
            Some(t) => creds.with_security_token(t),
            None => creds,
        })
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn secret(&self) -> &str {
        &self.access_key_secret
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKID", "SUPERSECRET").with_security_token("TOKENVALUE");
        let s = format!("{c:?}");
        assert!(s.contains("AKID"));
        assert!(!s.contains("SUPERSECRET"));
        assert!(!s.contains("TOKENVALUE"));
        assert!(s.contains("** redacted **"));
    }
}
