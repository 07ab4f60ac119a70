//! Error collection: every mistake is recorded with its span and reported together.

use std::cell::RefCell;

/// Collects errors during expansion.
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records an error at `span`.
    pub fn error(&self, span: proc_macro2::Span, message: impl std::fmt::Display) {
        self.errors.borrow_mut().push(syn::Error::new(span, message));
    }

    /// Records an error spanning all of `tokens` (a whole type, not only its first token).
    pub fn error_spanned(&self, tokens: impl quote::ToTokens, message: impl std::fmt::Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens, message));
    }

    /// Records a syn error.
    pub fn syn_error(&self, e: syn::Error) {
        self.errors.borrow_mut().push(e);
    }

    /// All errors combined, or `Ok` when there were none.
    pub fn check(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            first.combine(e);
        }
        Err(first)
    }
}
