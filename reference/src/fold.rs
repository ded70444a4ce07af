//! Folding names so that the spellings of one name meet: Cyrillic, Latin with diacritics and
//! plain ASCII ("Петровић", "Petrović", "PETROVIC" → "petrovic"). For matching only; the stored
//! text is always what was typed. [`fold_for_search`] keeps punctuation and spacing (case search
//! reads it); [`fold_name`] also treats punctuation as spaces and collapses them (names of places
//! and offices: "PU za grad Beograd", "Bačka  Palanka", "Novi-Sad").

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

/// A place's or an office's name folded for lookup: [`fold_for_search`], then hyphens, dashes,
/// underscores, full stops and commas read as spaces, and runs of spaces as one, trimmed.
pub fn fold_name(s: &str) -> String {
    fold_for_search(s)
        .chars()
        .map(|c| match c {
            '-' | '–' | '—' | '_' | '.' | ',' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

    #[test]
    fn names_fold_with_their_punctuation_and_spacing() {
        assert_eq!(fold_name("  Bačka   Palanka "), "backa palanka");
        assert_eq!(fold_name("БАЧКА ПАЛАНКА"), "backa palanka");
        assert_eq!(fold_name("Novi-Sad"), "novi sad");
        assert_eq!(fold_name("PU za grad Beograd."), "pu za grad beograd");
        assert_eq!(fold_name(""), "");
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

        #[test]
        fn name_folding_is_idempotent(s in "\\PC*") {
            let once = fold_name(&s);
            prop_assert_eq!(fold_name(&once), once.clone());
        }
    }
}
