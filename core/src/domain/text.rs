//! Small text helpers the domain shares: spotting control characters in entered text, and folding
//! names for search so that Cyrillic, Latin with diacritics and plain ASCII spellings of the same
//! name meet ("Петровић", "Petrović", "PETROVIC" → "petrovic").
//!
//! Folding is for *matching only*; the stored text is always what the officer entered.

/// Whether `s` contains a character that has no business in entered text: a control character
/// (C0, DEL, C1) other than line feed, carriage return and tab, or a bidirectional embedding,
/// override or isolate mark (U+202A–U+202E, U+2066–U+2069), which can make a name or a statement
/// display differently from what it says.
pub fn control_character(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Lowercase `s` and fold it to plain Latin letters for search:
///
/// - Serbian Latin: č ć → c, š → s, ž → z, đ → dj (and the digraph letters ǆ ǉ ǌ → dz lj nj);
/// - Hungarian: á é í ó ö ő ú ü ű → a e i o o o u u u;
/// - Slovak, Czech and Romanian letters used in Vojvodina → their base letters;
/// - Serbian Cyrillic → Serbian Latin without diacritics (ђ → dj, ж → z, љ → lj, њ → nj, ћ → c,
///   ч → c, џ → dz, ш → s, …), plus the Rusyn, Macedonian and Russian letters officers meet;
/// - combining accents (text typed in decomposed form) are dropped.
///
/// Anything else is only lowercased. Whitespace and punctuation are kept as they are.
pub fn fold_for_search(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for upper in s.chars() {
        for c in upper.to_lowercase() {
            match fold_char(c) {
                Fold::Keep => out.push(c),
                Fold::Drop => {}
                Fold::To(t) => out.push_str(t),
            }
        }
    }
    out
}

enum Fold {
    Keep,
    Drop,
    To(&'static str),
}

/// The folding of one lowercase character.
fn fold_char(c: char) -> Fold {
    let to = match c {
        // Serbian Latin.
        'č' | 'ć' => "c",
        'š' => "s",
        'ž' => "z",
        'đ' => "dj",
        'ǆ' => "dz",
        'ǉ' => "lj",
        'ǌ' => "nj",
        // Hungarian, Slovak, Czech, Romanian, and common Western accents.
        'á' | 'à' | 'â' | 'ä' | 'ă' | 'ã' | 'å' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ě' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'ő' | 'õ' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ď' => "d",
        'ľ' | 'ĺ' | 'ł' => "l",
        'ň' | 'ñ' => "n",
        'ŕ' | 'ř' => "r",
        'ș' | 'ş' | 'ś' => "s",
        'ț' | 'ţ' | 'ť' => "t",
        'ź' | 'ż' => "z",
        'ß' => "ss",
        // Serbian Cyrillic.
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'ђ' => "dj",
        'е' => "e",
        'ж' | 'з' => "z",
        'и' => "i",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' | 'ч' | 'ц' => "c",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'џ' => "dz",
        'ш' => "s",
        // Rusyn, Ukrainian, Russian, Macedonian.
        'і' => "i",
        'ї' => "ji",
        'є' => "je",
        'ґ' => "g",
        'й' => "j",
        'ы' => "y",
        'э' | 'ё' => "e",
        'ю' => "ju",
        'я' => "ja",
        'щ' => "sc",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        'ь' | 'ъ' => return Fold::Drop,
        // Combining diacritical marks.
        '\u{0300}'..='\u{036F}' => return Fold::Drop,
        _ => return Fold::Keep,
    };
    Fold::To(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fold(input: &str, expected: &str) {
        assert_eq!(fold_for_search(input), expected, "input {input:?}");
    }

    #[test]
    fn folding() {
        fold("Петровић", "petrovic");
        fold("Petrović", "petrovic");
        fold("petrovic", "petrovic");
        fold("PETROVIĆ", "petrovic");
        fold("Ђорђевић", "djordjevic");
        fold("Đorđević", "djordjevic");
        fold("ĐORĐEVIĆ", "djordjevic");
        fold("Љубица Њежић", "ljubica njezic");
        fold("Ljubica Nježić", "ljubica njezic");
        fold("Џинић", "dzinic");
        fold("Džinić", "dzinic");
        fold("Шешељ Жарко Чолић", "seselj zarko colic");
        fold("Ћирић", "ciric");
        fold("Цвијановић", "cvijanovic");
        fold("Јовановић-Хајдуковић", "jovanovic-hajdukovic");
        fold("Szőke Győző", "szoke gyozo");
        fold("Tóth Ildikó Éva", "toth ildiko eva");
        fold("Kovács Ügyes Űrhajós", "kovacs ugyes urhajos");
        fold("Núñez", "nunez");
        fold("Ștefănescu", "stefanescu");
        fold("Ďurovka Ľubomír", "durovka lubomir");
        fold("Русин Їван Щербей", "rusin jivan scerbej");
        // Decomposed input: c + combining acute.
        fold("Petrovic\u{0301}", "petrovic");
        fold("\u{01C4}ep \u{01C5}ep", "dzep dzep");
        fold("", "");
        fold("ул. Змај Јовина 12/3", "ul. zmaj jovina 12/3");
        fold("日本", "日本");
    }

    fn cc(input: &str, expected: bool) {
        assert_eq!(control_character(input), expected, "input {input:?}");
    }

    #[test]
    fn control_characters() {
        cc("", false);
        cc("Petrović", false);
        cc("line one\nline two\r\n\ttabbed", false);
        cc("bell\u{7}", true);
        cc("nul\u{0}", true);
        cc("escape\u{1B}[31m", true);
        cc("del\u{7F}", true);
        cc("c1\u{85}", true);
        cc("override\u{202E}cipa", true);
        cc("isolate\u{2066}x\u{2069}", true);
        cc("non-breaking\u{A0}space", false);
        cc("emoji 🙂", false);
    }

    proptest! {
        #[test]
        fn folding_never_panics_and_is_idempotent(s in "\\PC*") {
            let once = fold_for_search(&s);
            prop_assert_eq!(fold_for_search(&once), once.clone());
        }

        #[test]
        fn serbian_cyrillic_and_latin_fold_alike(
            i in proptest::collection::vec(0usize..30, 0..20)
        ) {
            // The 30 letters of the Serbian alphabets in the same order.
            const CYR: [&str; 30] = ["а","б","в","г","д","ђ","е","ж","з","и","ј","к","л","љ","м",
                "н","њ","о","п","р","с","т","ћ","у","ф","х","ц","ч","џ","ш"];
            const LAT: [&str; 30] = ["a","b","v","g","d","đ","e","ž","z","i","j","k","l","lj","m",
                "n","nj","o","p","r","s","t","ć","u","f","h","c","č","dž","š"];
            let cyr: String = i.iter().map(|&k| CYR[k]).collect();
            let lat: String = i.iter().map(|&k| LAT[k]).collect();
            let folded = fold_for_search(&cyr);
            prop_assert_eq!(&folded, &fold_for_search(&lat));
            prop_assert!(folded.is_ascii());
        }
    }
}
