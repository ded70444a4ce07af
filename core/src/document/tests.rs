//! Tests of the document renderer: layout rules on their own, then real PDFs read back with
//! poppler's `pdftotext` and `pdfinfo` (from `poppler-utils`, which `scripts/setup` installs; a
//! missing binary fails the test rather than skipping it).
#![allow(clippy::unwrap_used)]

use super::layout::{self, Op, Page};
use super::*;
use crate::domain::{Signature, SignaturePoint};
use chrono::TimeZone;
use proptest::prelude::*;
use std::process::Command;

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 22, 41, 7).unwrap()
}

fn meta(title: &str) -> PdfMeta {
    PdfMeta {
        title: title.to_owned(),
        author: "PU za Grad Novi Sad".to_owned(),
        created: created(),
        language: Language::SrLatn,
    }
}

fn signature() -> Signature {
    let stroke = |x0: f32, y0: f32, n: u32| -> Vec<SignaturePoint> {
        (0..n)
            .map(|k| SignaturePoint {
                x: x0 + 12.0 * k as f32,
                y: y0 + if k % 2 == 0 { 0.0 } else { 40.0 },
                t: 16 * k,
                p: None,
            })
            .collect()
    };
    Signature {
        width: 600,
        height: 200,
        strokes: vec![
            stroke(60.0, 100.0, 20),
            stroke(300.0, 60.0, 12),
            stroke(500.0, 150.0, 1),
        ],
    }
}

fn sign(label: &str, name: &str, strokes: Option<Signature>, note: &str) -> SignatureLine {
    SignatureLine {
        label: label.to_owned(),
        name: name.to_owned(),
        strokes,
        note: note.to_owned(),
    }
}

/// A typical order: issuer, reference, parties, reasoning, a short table, a caution, signatures.
fn order(paragraphs: usize) -> Document {
    let reasoning = "Dana 14.03.2025. godine u 21:30 časova, policijski službenici PS Novi Sad \
        postupali su po prijavi nasilja u porodici na adresi Bulevar oslobođenja 12. Utvrđeno je \
        da je učinilac verbalno i fizički napao žrtvu, te da postoji neposredna opasnost od \
        ponavljanja nasilja. Procena rizika ukazuje na visok rizik.";
    let mut blocks = vec![
        Block::Heading("Lica".to_owned()),
        Block::Fields(vec![
            Field::new("Učinilac", "Petar Petrović, JMBG 0101985800012"),
            Field::new("Žrtva", "Ljubica Đorđević"),
            Field::new("Adresa", "Bulevar oslobođenja 12, Novi Sad"),
        ]),
        Block::Heading("Obrazloženje".to_owned()),
    ];
    for _ in 0..paragraphs {
        blocks.push(Block::Paragraph(reasoning.to_owned()));
    }
    blocks.extend([
        Block::Heading("Mere".to_owned()),
        Block::Table {
            columns: vec!["Mera".into(), "Od".into(), "Do".into()],
            rows: vec![
                vec![
                    "Udaljenje iz stana".into(),
                    "14.03.2025. 22:40".into(),
                    "16.03.2025. 22:40".into(),
                ],
                vec![
                    "Zabrana kontaktiranja".into(),
                    "14.03.2025. 22:40".into(),
                    "16.03.2025. 22:40".into(),
                ],
            ],
        },
        Block::List(vec![
            "Učinilac je dužan da odmah napusti stan.".into(),
            "Protiv naređenja nije dozvoljena posebna žalba.".into(),
        ]),
        Block::Notice(
            "Nepostupanje po hitnoj meri je prekršaj kažnjiv zatvorom do 60 dana.".into(),
        ),
        Block::Signatures(vec![
            sign("Učinilac", "Petar Petrović", None, "odbio da potpiše"),
            sign(
                "Službeno lice",
                "Marko Marković, 12345",
                Some(signature()),
                "",
            ),
        ]),
    ]);
    Document {
        title: "NAREĐENJE o hitnoj meri".to_owned(),
        header: vec![
            "Republika Srbija".to_owned(),
            "MUP".to_owned(),
            "PU za Grad Novi Sad".to_owned(),
        ],
        reference: vec![
            Field::new("Broj", "03-123/25"),
            Field::new("Datum", "14.03.2025."),
        ],
        blocks,
        footer: "Izrađeno 14.03.2025. 23:41 na uređaju ZS-0042".to_owned(),
        page_label: "Strana {page} od {pages}".to_owned(),
        translations: Vec::new(),
    }
}

fn pages_of(doc: &Document) -> Vec<Page> {
    layout::layout(doc, &fonts::Fonts::load().unwrap())
}

// ---- poppler -----------------------------------------------------------------------------

/// Run a poppler tool on the PDF: `tool ARGS… file.pdf AFTER…`, its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8], after: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = match Command::new(tool)
        .args(args)
        .arg(&path)
        .args(after)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{tool}` not found: install poppler-utils (scripts/setup does)")
        }
        Err(e) => panic!("could not run `{tool}`: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of each page (`pdftotext -layout`, pages split at form feeds).
fn pdftotext(pdf: &[u8]) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf, &["-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// One value from `pdfinfo`'s "Key:   value" lines ("" when absent).
fn pdfinfo(pdf: &[u8], key: &str) -> String {
    let info = poppler("pdfinfo", &["-enc", "UTF-8"], pdf, &[]);
    info.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .map(|value| value.trim().to_owned())
        .unwrap_or_default()
}

/// Whitespace runs collapsed, so `-layout`'s column padding does not matter.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---- text comes back -------------------------------------------------------------------------

#[test]
fn serbian_latin_cyrillic_and_hungarian_text_come_back_from_pdftotext() {
    let lines = [
        "Čačak, Ćuprija, Đakovica, Šabac, Žabalj — čćđšž ČĆĐŠŽ",
        "Наређење о хитној мери",
        "Љубица Ђорђевић",
        "Ђурђевдан, Ћуприја, Џеп, Љиљана, Њива, Јагодина",
        "Árvíztűrő tükörfúrógép — ő ű Ő Ű",
    ];
    let doc = Document {
        title: "Наређење о хитној мери".to_owned(),
        blocks: lines
            .iter()
            .map(|l| Block::Paragraph((*l).to_owned()))
            .collect(),
        ..Document::default()
    };
    let pdf = render_pdf(&doc, &meta("Наређење")).unwrap();
    let text = squeeze(&pdftotext(&pdf).join("\n"));
    for line in lines {
        assert!(text.contains(line), "{line:?} missing from {text:?}");
    }
}

#[test]
fn a_typical_order_reads_back_in_order_with_header_fields_and_signatures() {
    let pdf = render_pdf(&order(1), &meta("Naređenje")).unwrap();
    let pages = pdftotext(&pdf);
    assert_eq!(pages.len(), 1, "{pages:#?}");
    let text = squeeze(&pages[0]);
    let expected_order = [
        "Republika Srbija",
        "Broj: 03-123/25",
        "NAREĐENJE o hitnoj meri",
        "Lica",
        "Učinilac Petar Petrović, JMBG 0101985800012",
        "Obrazloženje",
        "Mere",
        "Mera Od Do",
        "Udaljenje iz stana 14.03.2025. 22:40 16.03.2025. 22:40",
        "• Učinilac je dužan da odmah napusti stan.",
        "Nepostupanje po hitnoj meri",
        "Učinilac",
        "Službeno lice",
        "Strana 1 od 1",
    ];
    let mut from = 0;
    for part in expected_order {
        let at = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing after byte {from} of {text:?}"));
        from += at + part.len();
    }
    for part in [
        "odbio da potpiše",
        "Marko Marković, 12345",
        "Izrađeno 14.03.2025.",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text:?}");
    }
}

#[test]
fn a_long_table_spans_pages_repeats_its_header_and_numbers_the_pages() {
    let rows = (1..=90)
        .map(|i| {
            vec![
                i.to_string(),
                format!("Događaj broj {i}"),
                "Novi Sad".to_owned(),
            ]
        })
        .collect();
    let doc = Document {
        title: "Evidencija".to_owned(),
        blocks: vec![Block::Table {
            columns: vec!["Rb.".into(), "Opis".into(), "Mesto".into()],
            rows,
        }],
        page_label: "Strana {page} od {pages}".to_owned(),
        ..Document::default()
    };
    let pdf = render_pdf(&doc, &meta("Evidencija")).unwrap();
    let pages = pdftotext(&pdf);
    let count = pages.len();
    assert!(count >= 2, "90 rows fit on {count} page(s)");
    assert_eq!(pdfinfo(&pdf, "Pages"), count.to_string());
    for (i, page) in pages.iter().enumerate() {
        let text = squeeze(page);
        assert!(
            text.contains("Rb. Opis Mesto"),
            "page {} has no header row: {text}",
            i + 1
        );
        let label = format!("Strana {} od {count}", i + 1);
        assert!(
            text.contains(&label),
            "page {} lacks {label:?}: {text}",
            i + 1
        );
    }
    let all = squeeze(&pages.join("\n"));
    for i in [1, 45, 90] {
        assert!(
            all.contains(&format!("{i} Događaj broj {i} Novi Sad")),
            "row {i} missing"
        );
    }
}

// ---- fonts, size, metadata, determinism -----------------------------------------------------

#[test]
fn fonts_are_embedded_as_subsets_and_a_one_page_order_stays_small() {
    let pdf = render_pdf(&order(1), &meta("Naređenje")).unwrap();
    assert!(contains(&pdf, b"/FontFile2"), "no embedded TrueType font");
    // A subset font's name carries a six-letter tag: /BaseFont/ABCDEF+DejaVuSans.
    let subset = pdf.windows(18).any(|w| {
        w[0] == b'/'
            && w[1..7].iter().all(u8::is_ascii_uppercase)
            && w[7..].starts_with(b"+DejaVuSans")
    });
    assert!(subset, "fonts are not subset");
    let fonts = poppler("pdffonts", &[], &pdf, &[]);
    assert!(
        fonts.contains("DejaVuSans-Bold") && fonts.contains("DejaVuSans "),
        "{fonts}"
    );
    assert!(
        !fonts.contains(" no "),
        "a font is not embedded or lacks ToUnicode: {fonts}"
    );
    // Measured 28.7 KB for this order (both fonts subset); the whole fonts would be 1.4 MB.
    assert!(pdf.len() < 60_000, "one-page order is {} bytes", pdf.len());
}

#[test]
fn metadata_says_title_author_date_and_language() {
    let pdf = render_pdf(&order(1), &meta("Naređenje o hitnoj meri")).unwrap();
    assert_eq!(pdfinfo(&pdf, "Title"), "Naređenje o hitnoj meri");
    assert_eq!(pdfinfo(&pdf, "Author"), "PU za Grad Novi Sad");
    assert_eq!(pdfinfo(&pdf, "Creator"), "Zaštita");
    assert_eq!(pdfinfo(&pdf, "Page size"), "595.276 x 841.89 pts (A4)");
    // pdfinfo prints the date in the machine's zone; the XMP keeps it as written.
    assert!(contains(&pdf, b"2025-03-14T22:41:07"), "no creation date");
    assert!(contains(&pdf, b"/Lang(sr-Latn)"), "no document language");
}

#[test]
fn rendering_is_deterministic_given_the_same_created_time() {
    let doc = order(3);
    let first = render_pdf(&doc, &meta("Naređenje")).unwrap();
    let second = render_pdf(&doc, &meta("Naređenje")).unwrap();
    assert!(first == second, "two renderings differ");
    let later = PdfMeta {
        created: created() + chrono::Duration::seconds(1),
        ..meta("Naređenje")
    };
    assert_ne!(first, render_pdf(&doc, &later).unwrap());
}

// ---- layout rules ----------------------------------------------------------------------------

/// Each line of text on the page: where it starts, its baseline, its width, the text.
fn text_ops(page: &Page, fonts: &fonts::Fonts) -> Vec<(f32, f32, f32, String)> {
    page.ops
        .iter()
        .filter_map(|op| match op {
            Op::Text {
                x,
                baseline,
                text,
                weight,
                size,
                ..
            } => Some((
                *x,
                *baseline,
                fonts.face(*weight).width(text, *size),
                text.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn long_text_wraps_inside_the_margins_and_flows_onto_the_next_page() {
    let word = "Dugačkaslovaupravnomtekstu".repeat(12);
    let doc = Document {
        title: "Izjava".to_owned(),
        blocks: vec![Block::Paragraph(format!(
            "{} {word} kraj",
            "reč ".repeat(2500)
        ))],
        page_label: "{page}/{pages}".to_owned(),
        ..Document::default()
    };
    let fonts = fonts::Fonts::load().unwrap();
    let pages = pages_of(&doc);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for page in &pages {
        for (x, baseline, width, text) in text_ops(page, &fonts) {
            assert!(x >= layout::MARGIN - 0.01, "{text:?} starts at {x}");
            assert!(
                x + width <= layout::PAGE_WIDTH - layout::MARGIN + 0.5 || text.chars().count() == 1,
                "{text:?} overflows"
            );
            assert!(
                baseline <= layout::PAGE_HEIGHT - layout::MARGIN,
                "{text:?} below the margin"
            );
        }
    }
    // The overlong word was broken between characters and nothing was lost (footers aside).
    let body: String = pages
        .iter()
        .flat_map(|page| text_ops(page, &fonts))
        .filter(|(_, baseline, _, _)| *baseline < layout::PAGE_HEIGHT - layout::MARGIN - 30.0)
        .map(|(_, _, _, text)| text)
        .collect();
    assert!(body.contains(&word));
    assert!(
        pages
            .last()
            .unwrap()
            .text()
            .contains(&format!("{0}/{0}", pages.len()))
    );
}

#[test]
fn a_heading_is_never_left_alone_at_the_bottom_of_a_page() {
    for filler in 30..60 {
        let mut blocks: Vec<Block> = (0..filler)
            .map(|i| Block::Paragraph(format!("Red {i}")))
            .collect();
        blocks.push(Block::Heading("Obrazloženje".to_owned()));
        blocks.push(Block::Paragraph("Prvi red posle naslova.".to_owned()));
        let pages = pages_of(&Document {
            blocks,
            ..Document::default()
        });
        let page = pages
            .iter()
            .find(|p| p.text().contains("Obrazloženje"))
            .unwrap();
        assert!(
            page.text().contains("Prvi red posle naslova."),
            "with {filler} lines before it"
        );
    }
}

#[test]
fn a_signature_block_is_never_split_across_pages() {
    for filler in 35..60 {
        let mut blocks: Vec<Block> = (0..filler)
            .map(|i| Block::Paragraph(format!("Red {i}")))
            .collect();
        blocks.push(Block::Signatures(vec![
            sign("Žrtva", "Ljubica Đorđević", Some(signature()), ""),
            sign("Učinilac", "", None, "odbio da potpiše"),
            sign("Službeno lice", "Marko Marković", Some(signature()), ""),
        ]));
        let pages = pages_of(&Document {
            blocks,
            ..Document::default()
        });
        let with = |s: &str| pages.iter().position(|p| p.text().contains(s)).unwrap();
        assert_eq!(
            with("Žrtva"),
            with("Službeno lice"),
            "with {filler} lines before it"
        );
        assert_eq!(
            with("Žrtva"),
            with("odbio da potpiše"),
            "with {filler} lines before it"
        );
    }
}

#[test]
fn handwritten_strokes_are_scaled_into_the_box_above_the_signature_line() {
    let doc = Document {
        blocks: vec![Block::Signatures(vec![
            sign("Žrtva", "", Some(signature()), ""),
            sign("Službeno lice", "", None, ""),
        ])],
        ..Document::default()
    };
    let pages = pages_of(&doc);
    let ops = &pages[0].ops;
    let lines: Vec<(f32, f32, f32)> = ops
        .iter()
        .filter_map(|op| match op {
            Op::Line { x1, x2, y1, .. } => Some((*x1, *x2, *y1)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 2, "one line per signature");
    let (left, right, line_y) = lines[0];
    let inks: Vec<&Vec<Vec<(f32, f32)>>> = ops
        .iter()
        .filter_map(|op| match op {
            Op::Ink { strokes, .. } => Some(strokes),
            _ => None,
        })
        .collect();
    assert_eq!(inks.len(), 1, "only the victim signed");
    assert_eq!(
        inks[0].len(),
        3,
        "every stroke drawn, the one-point dot too"
    );
    for &(x, y) in inks[0].iter().flatten() {
        assert!((left..=right).contains(&x), "x {x} outside {left}..{right}");
        assert!(
            y <= line_y && y >= line_y - 50.0,
            "y {y} not just above the line at {line_y}"
        );
    }
}

#[test]
fn odd_input_is_drawn_without_panicking() {
    let evil = "a\u{0}b\u{7}c\td\r\ne\u{202E}f\u{200D}g 👮‍♀️ 🚓 \u{FE0F} \u{10FFFF} 𝕏 中文 \u{E000}";
    let doc = Document {
        title: evil.to_owned(),
        header: vec![evil.to_owned(), String::new()],
        reference: vec![Field::new("", ""), Field::new(evil, evil)],
        blocks: vec![
            Block::Heading(String::new()),
            Block::Paragraph(evil.to_owned()),
            Block::Paragraph("\n\n\n".to_owned()),
            Block::Fields(vec![]),
            Block::Table {
                columns: vec![],
                rows: vec![],
            },
            Block::Table {
                columns: vec![],
                rows: vec![vec![], vec![evil.to_owned(); 40]],
            },
            Block::Table {
                columns: vec!["x".repeat(5000)],
                rows: vec![vec!["y ".repeat(20_000)]],
            },
            Block::List(vec![String::new(), evil.to_owned()]),
            Block::Notice("z ".repeat(8000)),
            Block::Signatures(vec![]),
            Block::Signatures(vec![SignatureLine {
                label: "l".repeat(3000),
                name: evil.to_owned(),
                strokes: Some(Signature {
                    width: 0,
                    height: 0,
                    strokes: vec![vec![]],
                }),
                note: String::new(),
            }]),
            Block::Signatures(vec![
                sign(
                    "x",
                    "y",
                    Some(Signature {
                        width: 10,
                        height: 10,
                        strokes: vec![vec![
                            SignaturePoint {
                                x: f32::NAN,
                                y: 1.0,
                                t: 0,
                                p: None
                            },
                            SignaturePoint {
                                x: f32::INFINITY,
                                y: -1e30,
                                t: 0,
                                p: None
                            },
                            SignaturePoint {
                                x: 1e30,
                                y: 5.0,
                                t: 0,
                                p: None
                            },
                        ]],
                    }),
                    ""
                );
                9
            ]),
        ],
        footer: evil.repeat(50),
        page_label: "{page}{pages}{page}".repeat(30),
        translations: Vec::new(),
    };
    let pdf = render_pdf(&doc, &meta(evil)).unwrap();
    let text = pdftotext(&pdf).join("\n");
    assert!(text.contains('\u{FFFD}'), "missing glyphs are not marked");
    assert!(
        text.contains("ab") && text.contains("c d"),
        "controls not dropped: {text:?}"
    );
    assert!(!text.contains('\u{0}'));
}

/// The perpetrator's copy in his language: a translation starts on a new page after the original
/// and numbers its own pages.
#[test]
fn a_translation_follows_from_a_new_page_with_its_own_page_numbers() {
    let mut doc = order(1);
    doc.translations.push(Translation {
        language: Language::Hu,
        document: Document {
            title: "RENDŐRSÉGI RENDELKEZÉS".to_owned(),
            blocks: vec![Block::Paragraph("Az elkövető köteles".to_owned())],
            page_label: "{page}. oldal / {pages}".to_owned(),
            ..Document::default()
        },
    });
    let original = render_pdf(&order(1), &meta("x")).unwrap();
    let pdf = render_pdf(&doc, &meta("x")).unwrap();
    let before: usize = pdfinfo(&original, "Pages").parse().unwrap();
    let after: usize = pdfinfo(&pdf, "Pages").parse().unwrap();
    assert_eq!(after, before + 1);
    let pages = pdftotext(&pdf);
    let last = &pages[after - 1];
    assert!(last.contains("RENDŐRSÉGI RENDELKEZÉS"), "{last}");
    assert!(last.contains("1. oldal / 1"), "{last}");
    assert!(!pages[before - 1].contains("RENDŐRSÉGI"));
}

#[test]
fn an_empty_document_is_one_blank_page() {
    let pdf = render_pdf(&Document::default(), &meta("")).unwrap();
    assert_eq!(pdfinfo(&pdf, "Pages"), "1");
}

#[test]
fn a_huge_table_renders() {
    let rows = (0..3000)
        .map(|i| vec![i.to_string(), "ćelija ".repeat(i % 7)])
        .collect();
    let doc = Document {
        blocks: vec![Block::Table {
            columns: vec!["Rb.".into(), "Sadržaj".into()],
            rows,
        }],
        page_label: "Strana {page} od {pages}".into(),
        ..Document::default()
    };
    let pdf = render_pdf(&doc, &meta("Velika tabela")).unwrap();
    let pages = pdftotext(&pdf);
    assert!(pages.len() > 40, "{} pages", pages.len());
    let last = squeeze(pages.last().unwrap());
    assert!(
        last.contains("Rb. Sadržaj") && last.contains("2999"),
        "{last}"
    );
}

#[test]
fn the_model_serialises_as_a_tagged_union() {
    let block = Block::Table {
        columns: vec!["a".into()],
        rows: vec![vec!["b".into()]],
    };
    let json = serde_json::to_string(&block).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"table","content":{"columns":["a"],"rows":[["b"]]}}"#
    );
    let doc = order(1);
    let back: Document = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(back, doc);
    assert_eq!(
        serde_json::to_string(&Block::Heading("H".into())).unwrap(),
        r#"{"kind":"heading","content":"H"}"#
    );
}

/// Not a check: prints the sizes and the render time quoted in docs/documents.md, and leaves the
/// two sample PDFs in the temp directory to look at.
/// `cargo test -p zastita-core --release --lib measure_ -- --ignored --nocapture`
#[test]
#[ignore]
fn measure_sizes_and_render_time() {
    let one = render_pdf(&order(1), &meta("Naređenje")).unwrap();
    let two_pages = order(6);
    let runs = 20;
    let start = std::time::Instant::now();
    let mut two = Vec::new();
    for _ in 0..runs {
        two = render_pdf(&two_pages, &meta("Naređenje")).unwrap();
    }
    let each = start.elapsed() / runs;
    assert_eq!(pdftotext(&two).len(), 2);
    println!(
        "1 page: {} bytes; 2 pages: {} bytes, {each:?} each",
        one.len(),
        two.len()
    );
    std::fs::write(std::env::temp_dir().join("zastita-order-1.pdf"), one).unwrap();
    std::fs::write(std::env::temp_dir().join("zastita-order-2.pdf"), two).unwrap();
}

// ---- any input -------------------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zčćđšžA-Z Ђђљњ\n\t]{0,300}",
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|c| c.into_iter().collect()),
    ]
}

fn field() -> impl Strategy<Value = Field> {
    (text(), text()).prop_map(|(label, value)| Field { label, value })
}

fn ink() -> impl Strategy<Value = Option<Signature>> {
    let point = (any::<f32>(), any::<f32>()).prop_map(|(x, y)| SignaturePoint {
        x,
        y,
        t: 0,
        p: None,
    });
    proptest::option::of(
        (
            0u32..2000,
            0u32..2000,
            proptest::collection::vec(proptest::collection::vec(point, 0..8), 0..4),
        )
            .prop_map(|(width, height, strokes)| Signature {
                width,
                height,
                strokes,
            }),
    )
}

fn block() -> impl Strategy<Value = Block> {
    let texts = || proptest::collection::vec(text(), 0..5);
    prop_oneof![
        text().prop_map(Block::Heading),
        text().prop_map(Block::Paragraph),
        text().prop_map(Block::Notice),
        texts().prop_map(Block::List),
        proptest::collection::vec(field(), 0..5).prop_map(Block::Fields),
        (texts(), proptest::collection::vec(texts(), 0..6))
            .prop_map(|(columns, rows)| Block::Table { columns, rows }),
        proptest::collection::vec(
            (text(), text(), ink(), text()).prop_map(|(label, name, strokes, note)| {
                SignatureLine {
                    label,
                    name,
                    strokes,
                    note,
                }
            }),
            0..4
        )
        .prop_map(Block::Signatures),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    (
        text(),
        proptest::collection::vec(text(), 0..4),
        proptest::collection::vec(field(), 0..3),
        proptest::collection::vec(block(), 0..6),
        text(),
        text(),
    )
        .prop_map(
            |(title, header, reference, blocks, footer, page_label)| Document {
                title,
                header,
                reference,
                blocks,
                footer,
                page_label,
                translations: Vec::new(),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_document_renders_without_panicking(doc in document(), title in text(), author in text()) {
        let meta = PdfMeta { title, author, created: created(), language: Language::SrCyrl };
        let pdf = render_pdf(&doc, &meta).unwrap();
        prop_assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width(s in text(), width in 1.0f32..500.0) {
        let fonts = fonts::Fonts::load().unwrap();
        for line in layout::wrap(&fonts.regular, &s, 10.0, width) {
            let w = fonts.regular.width(&line, 10.0);
            // A single cluster wider than the box is the one exception.
            let mut clusters: Vec<usize> = fonts.regular.shape(&line).iter().map(|g| g.range.start).collect();
            clusters.dedup();
            prop_assert!(w <= width + 0.01 || clusters.len() <= 1, "{line:?} is {w} > {width}");
        }
    }
}
