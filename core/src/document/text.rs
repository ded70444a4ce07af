//! A [`Document`] as plain text, for snapshot tests: every word the PDF prints (header, reference,
//! title, blocks, signature lines, footer, page label, translations), in order, marked by kind,
//! without layout (no wrapping, no pages), so a change of wording shows as a one-line diff.
//!
//! Markup: `[header]`/`[reference]` sections, `# title`, `## heading`, fields as indented
//! `label: value`, `- ` list items, `| cell | cell |` table rows (header row first), `[!] ` a
//! notice, `[sign] ` a signature line with its role, name, whether a signature is drawn, and its
//! note.

use std::fmt::Write;

use super::{Block, Document, language_tag};

/// `doc` and its translations as plain text (see the module's markup).
pub(crate) fn plain_text(doc: &Document) -> String {
    let mut out = String::new();
    write_doc(&mut out, doc);
    for t in &doc.translations {
        let _ = writeln!(
            out,
            "\n======== translation ({}) ========\n",
            language_tag(t.language)
        );
        write_doc(&mut out, &t.document);
    }
    out
}

fn write_doc(out: &mut String, doc: &Document) {
    out.push_str("[header]\n");
    for line in &doc.header {
        let _ = writeln!(out, "{line}");
    }
    out.push_str("[reference]\n");
    for f in &doc.reference {
        let _ = writeln!(out, "{}: {}", f.label, f.value);
    }
    let _ = writeln!(out, "\n# {}", doc.title);
    for block in &doc.blocks {
        out.push('\n');
        write_block(out, block);
    }
    let _ = writeln!(out, "\n[footer] {}", doc.footer);
    let _ = writeln!(out, "[page label] {}", doc.page_label);
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(h) => {
            let _ = writeln!(out, "## {h}");
        }
        Block::Paragraph(p) => {
            let _ = writeln!(out, "{p}");
        }
        Block::Fields(fields) => {
            for f in fields {
                let _ = writeln!(out, "  {}: {}", f.label, f.value);
            }
        }
        Block::Table { columns, rows } => {
            let _ = writeln!(out, "| {} |", columns.join(" | "));
            for row in rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
        }
        Block::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {item}");
            }
        }
        Block::Signatures(lines) => {
            for s in lines {
                let drawn = match &s.strokes {
                    Some(sig) => format!("signature drawn ({} strokes)", sig.strokes.len()),
                    None => "no signature drawn".to_owned(),
                };
                let _ = write!(out, "[sign] {}", s.label);
                if !s.name.is_empty() {
                    let _ = write!(out, ": {}", s.name);
                }
                let _ = write!(out, " — {drawn}");
                if !s.note.is_empty() {
                    let _ = write!(out, " — {}", s.note);
                }
                out.push('\n');
            }
        }
        Block::Notice(n) => {
            let _ = writeln!(out, "[!] {n}");
        }
    }
}
