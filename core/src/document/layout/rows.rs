//! A row of cells — the shape most blocks take (a paragraph is a row of one cell, a field a row
//! of two, a table row one of many) — as one chunk, or as several pieces when it is taller than
//! a page or meant to flow line by line.

use super::paginate::Chunk;
use super::{Align, BODY_HEIGHT, Op, Style};
use crate::document::fonts::{FontFace, Fonts};

/// One column of a row: where it is, how its text looks, and its lines (already wrapped).
pub(super) struct Cell {
    pub(super) x: f32,
    pub(super) width: f32,
    pub(super) style: Style,
    pub(super) align: Align,
    pub(super) lines: Vec<String>,
}

/// How a row of cells is drawn and split.
#[derive(Clone, Copy)]
pub(super) struct RowLook {
    pub(super) padding: f32,
    /// Cell borders, this wide.
    pub(super) border: Option<f32>,
    /// Cell background, grey level.
    pub(super) fill: Option<u8>,
    pub(super) gap_before: f32,
    /// Lines per piece: `Some(1)` lets running text flow line by line across pages; `None`
    /// keeps the row whole unless it is taller than a page.
    pub(super) lines_per_piece: Option<usize>,
}

impl RowLook {
    /// Plain text: no padding, border or background, kept whole.
    pub(super) const TEXT: RowLook = RowLook {
        padding: 0.0,
        border: None,
        fill: None,
        gap_before: 0.0,
        lines_per_piece: None,
    };
}

/// A line of text placed in a box `width` wide whose line box starts at `top`.
pub(super) fn text_op(
    face: &FontFace,
    style: Style,
    line: &str,
    x: f32,
    top: f32,
    width: f32,
    align: Align,
) -> Op {
    let x = match align {
        Align::Left => x,
        Align::Centre => x + ((width - face.width(line, style.size)) / 2.0).max(0.0),
        Align::Right => x + (width - face.width(line, style.size)).max(0.0),
    };
    let glyph_height = (face.ascent + face.descent) * style.size;
    let baseline = top + (style.line_height() - glyph_height) / 2.0 + face.ascent * style.size;
    Op::Text {
        x,
        baseline,
        weight: style.weight,
        size: style.size,
        grey: style.grey,
        text: line.to_owned(),
    }
}

/// A row of cells as one chunk, or as several when it is taller than `look.lines_per_piece`
/// allows (or than a page). Each piece draws its own borders, so a cut row still looks boxed.
/// A row without text gives no chunk unless it has borders (an empty table row still shows).
pub(super) fn row_chunks(fonts: &Fonts, cells: Vec<Cell>, look: RowLook) -> Vec<Chunk> {
    let most_lines = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
    if most_lines == 0 && look.border.is_none() {
        return Vec::new();
    }
    let tallest_line = cells
        .iter()
        .map(|c| c.style.line_height())
        .fold(1.0_f32, f32::max);
    let fit = ((BODY_HEIGHT - 2.0 * look.padding) / tallest_line)
        .floor()
        .max(1.0) as usize;
    let per_piece = look.lines_per_piece.map_or(fit, |n| n.clamp(1, fit));
    let pieces = most_lines.div_ceil(per_piece).max(1);
    let mut chunks = Vec::with_capacity(pieces);
    for piece in 0..pieces {
        let first = piece * per_piece;
        let mut chunk = Chunk {
            gap_before: if piece == 0 { look.gap_before } else { 0.0 },
            ..Chunk::default()
        };
        let mut content_height: f32 = 0.0;
        let mut text_ops = Vec::new();
        for cell in &cells {
            let face = fonts.face(cell.style.weight);
            let x = cell.x + look.padding;
            let width = (cell.width - 2.0 * look.padding).max(0.0);
            let mut y = look.padding;
            for line in cell.lines.iter().skip(first).take(per_piece) {
                text_ops.push(text_op(face, cell.style, line, x, y, width, cell.align));
                y += cell.style.line_height();
            }
            content_height = content_height.max(y - look.padding);
        }
        chunk.height = content_height + 2.0 * look.padding;
        if look.border.is_some() || look.fill.is_some() {
            for cell in &cells {
                chunk.ops.push(Op::Rect {
                    x: cell.x,
                    y: 0.0,
                    width: cell.width,
                    height: chunk.height,
                    fill: look.fill,
                    border: look.border,
                });
            }
        }
        chunk.ops.extend(text_ops);
        chunks.push(chunk);
    }
    chunks
}
