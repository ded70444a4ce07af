//! Page layout: turns a [`Document`] into A4 pages of positioned drawing operations ([`Op`]),
//! independent of any PDF library (so it can be tested on its own).
//!
//! Blocks become *chunks* — pieces that are never split (a line of a paragraph, a table row, a
//! signature block) — which [`paginate`](paginate::paginate) stacks onto pages: a chunk that does
//! not fit starts a new page, a heading is kept with what follows, a table's header row is
//! repeated at the top of every page it continues on. Anything taller than a page (a table cell
//! holding a whole statement) is cut into page-sized pieces first ([`rows`]), so no input can run
//! off the page. The footer and the page label ("Strana 2 od 3") are added last, when the page
//! count is known.
//!
//! - `rows` — a row of wrapped cells as one chunk or as page-sized pieces; most blocks are rows.
//! - `table`, `signatures` — the two blocks with layout rules of their own.
//! - `paginate` — chunks onto pages.
//! - `wrap` — line breaking.

mod paginate;
mod rows;
mod signatures;
mod table;
mod wrap;

use super::fonts::{FontFace, Fonts, Weight};
use super::model::{Block, Document, Field};
use paginate::{Chunk, paginate};
use rows::{Cell, RowLook, row_chunks, text_op};
use wrap::truncate;
pub use wrap::wrap;

/// A4 in PDF points (1/72 inch).
pub const PAGE_WIDTH: f32 = 595.2756;
pub const PAGE_HEIGHT: f32 = 841.8898;
/// 20 mm.
pub const MARGIN: f32 = 56.692_9;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Room kept at the bottom of each page for the footer rule, the footer text and the page label.
const FOOTER_HEIGHT: f32 = 30.0;
const BODY_TOP: f32 = MARGIN;
const BODY_BOTTOM: f32 = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT;
const BODY_HEIGHT: f32 = BODY_BOTTOM - BODY_TOP;

const BLACK: u8 = 0;
const GREY: u8 = 90;

/// One drawing operation, in points from the page's top-left corner (y grows downwards).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of cleaned text starting at `x` on the baseline `baseline`.
    Text {
        x: f32,
        baseline: f32,
        weight: Weight,
        size: f32,
        /// 0 black … 255 white.
        grey: u8,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Option<u8>,
        border: Option<f32>,
    },
    /// A handwritten signature: polylines, already scaled to the page.
    Ink {
        strokes: Vec<Vec<(f32, f32)>>,
        width: f32,
    },
}

impl Op {
    fn shifted(mut self, dx: f32, dy: f32) -> Self {
        match &mut self {
            Op::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Op::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Op::Rect { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Op::Ink { strokes, .. } => {
                for point in strokes.iter_mut().flatten() {
                    point.0 += dx;
                    point.1 += dy;
                }
            }
        }
        self
    }
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
    /// The text on the page, one op per line (for tests).
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Font, size and colour of a run of text; the line height follows from the size.
#[derive(Debug, Clone, Copy)]
struct Style {
    weight: Weight,
    size: f32,
    grey: u8,
}

impl Style {
    const fn new(weight: Weight, size: f32) -> Self {
        Self {
            weight,
            size,
            grey: BLACK,
        }
    }

    const fn grey(mut self) -> Self {
        self.grey = GREY;
        self
    }

    fn line_height(self) -> f32 {
        self.size * 1.32
    }
}

const TITLE: Style = Style::new(Weight::Bold, 14.0);
const HEADING: Style = Style::new(Weight::Bold, 11.5);
const BODY: Style = Style::new(Weight::Regular, 10.0);
const HEADER: Style = Style::new(Weight::Regular, 9.5);
const TABLE: Style = Style::new(Weight::Regular, 9.0);
const TABLE_HEAD: Style = Style::new(Weight::Bold, 9.0);
const SMALL: Style = Style::new(Weight::Regular, 8.5);
const FOOTER: Style = Style::new(Weight::Regular, 8.0);
const NOTICE: Style = Style::new(Weight::Bold, 10.0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Centre,
    Right,
}

/// Lays a document out; holds the fonts it measures with.
struct Layout<'f> {
    fonts: &'f Fonts,
    chunks: Vec<Chunk>,
    /// Per table: the header row to repeat on continuation pages, when it is short enough.
    table_headers: Vec<Option<Chunk>>,
}

/// Lay out a whole document: the pages with their footers and page labels.
pub fn layout(doc: &Document, fonts: &Fonts) -> Vec<Page> {
    let mut layout = Layout {
        fonts,
        chunks: Vec::new(),
        table_headers: Vec::new(),
    };
    layout.first_page_header(doc);
    let after_header = !layout.chunks.is_empty();
    layout.title(&doc.title, after_header);
    for block in &doc.blocks {
        layout.block(block);
    }
    let mut pages = paginate(&layout.chunks, &layout.table_headers);
    layout.footers(&mut pages, doc);
    pages
}

impl Layout<'_> {
    fn face(&self, style: Style) -> &FontFace {
        self.fonts.face(style.weight)
    }

    /// Clean and wrap `text` to `width` points; empty text gives no lines.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        wrap(self.face(style), text, style.size, width)
    }

    /// Add a row's chunks; how many there were.
    fn push_rows(&mut self, cells: Vec<Cell>, look: RowLook) -> usize {
        let chunks = row_chunks(self.fonts, cells, look);
        let count = chunks.len();
        self.chunks.extend(chunks);
        count
    }

    /// Issuer lines top left, reference fields top right.
    fn first_page_header(&mut self, doc: &Document) {
        let left_width = CONTENT_WIDTH * 0.55;
        let right_x = left_width + 12.0;
        let right_width = CONTENT_WIDTH - right_x;
        let left: Vec<String> = doc
            .header
            .iter()
            .flat_map(|line| self.wrap(line, HEADER, left_width))
            .collect();
        let right: Vec<String> = doc
            .reference
            .iter()
            .flat_map(|field| self.wrap(&field_text(field), HEADER, right_width))
            .collect();
        if left.is_empty() && right.is_empty() {
            return;
        }
        let cells = vec![
            Cell {
                x: 0.0,
                width: left_width,
                style: HEADER,
                align: Align::Left,
                lines: left,
            },
            Cell {
                x: right_x,
                width: right_width,
                style: HEADER,
                align: Align::Right,
                lines: right,
            },
        ];
        self.push_rows(cells, RowLook::TEXT);
    }

    fn title(&mut self, title: &str, after_header: bool) {
        let lines = self.wrap(title, TITLE, CONTENT_WIDTH);
        let look = RowLook {
            gap_before: if after_header { 22.0 } else { 0.0 },
            ..RowLook::TEXT
        };
        if self.push_rows(vec![full_width(TITLE, Align::Centre, lines)], look) > 0
            && let Some(last) = self.chunks.last_mut()
        {
            // Some air between the title and the body.
            last.height += 8.0;
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => self.heading(text),
            Block::Paragraph(text) => self.paragraph(text),
            Block::Fields(fields) => self.fields(fields),
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::List(items) => self.list(items),
            Block::Signatures(lines) => self.signatures(lines),
            Block::Notice(text) => self.notice(text),
        }
    }

    fn heading(&mut self, text: &str) {
        let lines = self.wrap(text, HEADING, CONTENT_WIDTH);
        let look = RowLook {
            gap_before: 12.0,
            ..RowLook::TEXT
        };
        let first = self.chunks.len();
        self.push_rows(vec![full_width(HEADING, Align::Left, lines)], look);
        for chunk in &mut self.chunks[first..] {
            chunk.keep_with_next = true;
            chunk.height += 2.0;
        }
    }

    fn paragraph(&mut self, text: &str) {
        let lines = self.wrap(text, BODY, CONTENT_WIDTH);
        let look = RowLook {
            gap_before: 6.0,
            lines_per_piece: Some(1),
            ..RowLook::TEXT
        };
        self.push_rows(vec![full_width(BODY, Align::Left, lines)], look);
    }

    /// Label left (grey), value right; a field is kept whole unless taller than a page.
    fn fields(&mut self, fields: &[Field]) {
        let label_width = CONTENT_WIDTH * 0.34;
        let value_x = label_width + 8.0;
        let value_width = CONTENT_WIDTH - value_x;
        for (i, field) in fields.iter().enumerate() {
            let label = self.wrap(&field.label, BODY.grey(), label_width);
            let value = self.wrap(&field.value, BODY, value_width);
            let cells = vec![
                Cell {
                    x: 0.0,
                    width: label_width,
                    style: BODY.grey(),
                    align: Align::Left,
                    lines: label,
                },
                Cell {
                    x: value_x,
                    width: value_width,
                    style: BODY,
                    align: Align::Left,
                    lines: value,
                },
            ];
            let look = RowLook {
                padding: 1.5,
                gap_before: if i == 0 { 6.0 } else { 0.0 },
                ..RowLook::TEXT
            };
            self.push_rows(cells, look);
        }
    }

    /// A bullet and a hanging indent; items flow line by line across pages.
    fn list(&mut self, items: &[String]) {
        let indent = 14.0;
        for (i, item) in items.iter().enumerate() {
            let lines = self.wrap(item, BODY, CONTENT_WIDTH - indent);
            if lines.is_empty() {
                continue;
            }
            let cells = vec![
                Cell {
                    x: 0.0,
                    width: indent,
                    style: BODY,
                    align: Align::Left,
                    lines: vec!["•".to_owned()],
                },
                Cell {
                    x: indent,
                    width: CONTENT_WIDTH - indent,
                    style: BODY,
                    align: Align::Left,
                    lines,
                },
            ];
            let look = RowLook {
                gap_before: if i == 0 { 6.0 } else { 2.0 },
                lines_per_piece: Some(1),
                ..RowLook::TEXT
            };
            self.push_rows(cells, look);
        }
    }

    fn notice(&mut self, text: &str) {
        let padding = 6.0;
        let lines = self.wrap(text, NOTICE, CONTENT_WIDTH - 2.0 * padding);
        if lines.is_empty() {
            return;
        }
        let look = RowLook {
            padding,
            border: Some(1.0),
            fill: Some(238),
            gap_before: 10.0,
            lines_per_piece: None,
        };
        self.push_rows(vec![full_width(NOTICE, Align::Left, lines)], look);
    }

    /// The footer text (left) and the page label (right) under a rule on every page.
    fn footers(&self, pages: &mut [Page], doc: &Document) {
        let total = pages.len();
        let rule_y = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT + 8.0;
        let label_width = CONTENT_WIDTH * 0.3;
        let footer_width = CONTENT_WIDTH - label_width - 10.0;
        let footer = truncate(self.wrap(&doc.footer, FOOTER.grey(), footer_width), 2);
        if footer.is_empty() && doc.page_label.trim().is_empty() {
            return;
        }
        let face = self.face(FOOTER);
        for (i, page) in pages.iter_mut().enumerate() {
            page.ops.push(Op::Line {
                x1: MARGIN,
                y1: rule_y,
                x2: MARGIN + CONTENT_WIDTH,
                y2: rule_y,
                width: 0.4,
            });
            let top = rule_y + 3.0;
            for (k, line) in footer.iter().enumerate() {
                let y = top + k as f32 * FOOTER.line_height();
                let op = text_op(
                    face,
                    FOOTER.grey(),
                    line,
                    MARGIN,
                    y,
                    footer_width,
                    Align::Left,
                );
                page.ops.push(op);
            }
            let label = doc
                .page_label
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &total.to_string());
            let x = MARGIN + CONTENT_WIDTH - label_width;
            for (k, line) in truncate(self.wrap(&label, FOOTER, label_width), 2)
                .iter()
                .enumerate()
            {
                let y = top + k as f32 * FOOTER.line_height();
                let op = text_op(face, FOOTER, line, x, y, label_width, Align::Right);
                page.ops.push(op);
            }
        }
    }
}

/// "label: value", or whichever of the two is there.
fn field_text(field: &Field) -> String {
    match (field.label.trim().is_empty(), field.value.trim().is_empty()) {
        (true, _) => field.value.clone(),
        (false, true) => field.label.clone(),
        (false, false) => format!("{}: {}", field.label, field.value),
    }
}

fn full_width(style: Style, align: Align, lines: Vec<String>) -> Cell {
    Cell {
        x: 0.0,
        width: CONTENT_WIDTH,
        style,
        align,
        lines,
    }
}
