//! Signature lines: two per row, each a box for the handwritten strokes, the line, and the role,
//! name and note under it. A block stays on one page (it is moved whole to the next one) unless
//! it is taller than a page, when it breaks between rows.

use super::paginate::Chunk;
use super::rows::text_op;
use super::wrap::truncate;
use super::{Align, BODY, BODY_HEIGHT, CONTENT_WIDTH, Layout, Op, SMALL};
use crate::document::model::SignatureLine;
use crate::domain::Signature;

/// Height of the box a handwritten signature is scaled into.
const INK_BOX_HEIGHT: f32 = 46.0;
/// Lines printed per text under a signature line (label, name, note), at most: these are short
/// by nature, and a signature box must not grow past a page.
const TEXT_LINES: usize = 4;
const GUTTER: f32 = 28.0;

impl Layout<'_> {
    /// Two signatures per row, left to right; a row of one puts it on the right, where an
    /// official signs.
    pub(super) fn signatures(&mut self, signatures: &[SignatureLine]) {
        if signatures.is_empty() {
            return;
        }
        let width = (CONTENT_WIDTH - GUTTER) / 2.0;
        let right_x = width + GUTTER;
        let mut rows: Vec<Chunk> = Vec::new();
        for pair in signatures.chunks(2) {
            let mut row = Chunk {
                gap_before: 14.0,
                ..Chunk::default()
            };
            let placed: Vec<(f32, &SignatureLine)> = match pair {
                [only] => vec![(right_x, only)],
                _ => [0.0, right_x].into_iter().zip(pair).collect(),
            };
            for (x, signature) in placed {
                let (ops, height) = self.signature(signature, width);
                row.ops.extend(ops.into_iter().map(|op| op.shifted(x, 0.0)));
                row.height = row.height.max(height);
            }
            rows.push(row);
        }
        let total: f32 = rows.iter().map(|r| r.height + r.gap_before).sum();
        if total > BODY_HEIGHT {
            self.chunks.extend(rows);
            return;
        }
        let mut block = Chunk {
            gap_before: 22.0,
            ..Chunk::default()
        };
        for (i, row) in rows.into_iter().enumerate() {
            let top = if i == 0 {
                0.0
            } else {
                block.height + row.gap_before
            };
            block
                .ops
                .extend(row.ops.into_iter().map(|op| op.shifted(0.0, top)));
            block.height = top + row.height;
        }
        self.chunks.push(block);
    }

    /// One signature `width` wide, from its own top-left corner: the ink box, the line, then the
    /// label (grey), the name and the note under it. Returns the ops and the height.
    fn signature(&self, signature: &SignatureLine, width: f32) -> (Vec<Op>, f32) {
        let mut ops = Vec::new();
        if let Some(ink) = &signature.strokes {
            ops.extend(ink_op(ink, width, INK_BOX_HEIGHT));
        }
        let line_y = INK_BOX_HEIGHT + 2.0;
        ops.push(Op::Line {
            x1: 0.0,
            y1: line_y,
            x2: width,
            y2: line_y,
            width: 0.7,
        });
        let mut y = line_y + 2.0;
        for (text, style) in [
            (&signature.label, SMALL.grey()),
            (&signature.name, BODY),
            (&signature.note, SMALL),
        ] {
            for line in truncate(self.wrap(text, style, width), TEXT_LINES) {
                let face = self.face(style);
                ops.push(text_op(face, style, &line, 0.0, y, width, Align::Left));
                y += style.line_height();
            }
        }
        (ops, y + 2.0)
    }
}

/// A handwritten signature scaled (aspect kept) into a box `width` × `height`, centred
/// horizontally and standing on the box's bottom edge. The pad's size is the frame, so the
/// signature sits as the signer saw it. Points outside the pad are clamped, points that are not
/// numbers dropped; an empty or degenerate signature draws nothing.
fn ink_op(ink: &Signature, width: f32, height: f32) -> Option<Op> {
    if ink.width == 0 || ink.height == 0 {
        return None;
    }
    let (pad_w, pad_h) = (ink.width as f32, ink.height as f32);
    let scale = (width / pad_w).min(height / pad_h);
    let x0 = (width - pad_w * scale) / 2.0;
    let y0 = height - pad_h * scale;
    let strokes: Vec<Vec<(f32, f32)>> = ink
        .strokes
        .iter()
        .map(|stroke| {
            stroke
                .iter()
                .filter(|p| p.x.is_finite() && p.y.is_finite())
                .map(|p| {
                    let x = x0 + p.x.clamp(0.0, pad_w) * scale;
                    let y = y0 + p.y.clamp(0.0, pad_h) * scale;
                    (x, y)
                })
                .collect::<Vec<_>>()
        })
        .filter(|stroke| !stroke.is_empty())
        .collect();
    (!strokes.is_empty()).then_some(Op::Ink {
        strokes,
        width: 1.1,
    })
}
