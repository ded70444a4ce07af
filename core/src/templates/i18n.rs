//! The documents' message catalogues (`core/i18n/<lang>/documents.ftl`, Fluent), embedded at
//! build time. Serbian Cyrillic is generated from Serbian Latin (`node ui/scripts/transliterate.mjs`;
//! the UI's catalogue test checks it is not stale).

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::domain::Language;

const SR_LATN: &str = include_str!("../../i18n/sr-Latn/documents.ftl");
const SR_CYRL: &str = include_str!("../../i18n/sr-Cyrl/documents.ftl");
const HU: &str = include_str!("../../i18n/hu/documents.ftl");
const EN: &str = include_str!("../../i18n/en/documents.ftl");

/// Why a catalogue cannot be used: a broken build, never user input.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error(
        "the {language} document catalogue does not parse (line {line}) — the build is damaged"
    )]
    Parse { language: &'static str, line: usize },
}

/// One language's document texts.
pub struct Catalogue {
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").finish_non_exhaustive()
    }
}

impl Catalogue {
    pub fn load(language: Language) -> Result<Self, CatalogueError> {
        let (source, tag, name) = match language {
            Language::SrLatn => (SR_LATN, "sr-Latn", "Serbian Latin"),
            Language::SrCyrl => (SR_CYRL, "sr-Cyrl", "Serbian Cyrillic"),
            Language::Hu => (HU, "hu", "Hungarian"),
            Language::En => (EN, "en", "English"),
        };
        let resource = FluentResource::try_new(source.to_owned()).map_err(|(res, errs)| {
            let line = errs
                .first()
                .map(|e| source[..e.pos.start.min(source.len())].lines().count())
                .unwrap_or(0);
            drop(res);
            CatalogueError::Parse {
                language: name,
                line,
            }
        })?;
        let id: LanguageIdentifier = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        // PDFs show text as is: no Unicode isolation marks around placeables.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|_| CatalogueError::Parse {
                language: name,
                line: 0,
            })?;
        Ok(Self { bundle })
    }

    /// The message `key` without arguments; the key itself when missing (a test makes sure no key
    /// is missing).
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with string arguments.
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, FluentValue::from(*v));
        }
        self.format(key, Some(&fa))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Whether the catalogue has `key` (for tests).
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }
}
