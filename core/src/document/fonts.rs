//! The two embedded fonts (DejaVu Sans and DejaVu Sans Bold, `core/fonts/`, Bitstream Vera
//! licence in `core/fonts/LICENSE`), text cleaning and shaping. A PDF never depends on a font of
//! the machine that prints it.
//!
//! Layout measures text with the very glyphs the PDF later draws: both go through [`Fonts::shape`]
//! (rustybuzz, the shaper krilla itself uses), so a line that fits when measured fits when drawn.

use std::ops::Range;

use rustybuzz::{Direction, Face, UnicodeBuffer};

use super::DocumentError;

static REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Shown instead of a character the font cannot draw (an emoji, a rare script).
const REPLACEMENT: char = '\u{FFFD}';

/// Which of the two faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One shaped glyph; advances and offsets in em (multiply by the font size), `range` the bytes of
/// the text it stands for (what a PDF reader's copy and search give back).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    pub glyph_id: u32,
    pub x_advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    pub range: Range<usize>,
}

/// A face with its vertical metrics in em.
pub struct FontFace {
    face: Face<'static>,
    units_per_em: f32,
    /// Baseline to the top of the tallest glyphs, in em.
    pub ascent: f32,
    /// Baseline to the bottom of descenders, in em (positive).
    pub descent: f32,
    replacement: char,
}

impl FontFace {
    fn load(data: &'static [u8], name: &'static str) -> Result<Self, DocumentError> {
        let face = Face::from_slice(data, 0).ok_or(DocumentError::Font { name })?;
        let units_per_em = face.units_per_em().max(1) as f32;
        let replacement = if face.glyph_index(REPLACEMENT).is_some() {
            REPLACEMENT
        } else {
            '?'
        };
        Ok(Self {
            ascent: f32::from(face.ascender()) / units_per_em,
            descent: -f32::from(face.descender()) / units_per_em,
            face,
            units_per_em,
            replacement,
        })
    }

    /// The text as this face can draw it: tabs (and spaces the face lacks) become spaces, other
    /// control and invisible formatting characters are dropped, anything else without a glyph
    /// becomes U+FFFD (a visible mark, never a silent gap or a panic). Newlines
    /// (`\n`, and U+2028/U+2029) are kept for the caller to break lines on.
    pub fn clean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                '\t' => out.push(' '),
                c if c.is_control() || is_invisible_format(c) => {}
                c if self.face.glyph_index(c).is_some() => out.push(c),
                c if c.is_whitespace() => out.push(' '),
                _ => out.push(self.replacement),
            }
        }
        out
    }

    /// Shape one line of already cleaned text, left to right.
    pub fn shape(&self, text: &str) -> Vec<ShapedGlyph> {
        if text.is_empty() {
            return Vec::new();
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        // Documents are Serbian, Hungarian or English; forcing one direction keeps measuring,
        // breaking and drawing in the same (logical) order for any input.
        buffer.set_direction(Direction::LeftToRight);
        let output = rustybuzz::shape(&self.face, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let upem = self.units_per_em;
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = (info.cluster as usize).min(text.len());
            // A cluster ends where the next one begins (several glyphs may share one cluster).
            let end = infos[i + 1..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&next| next > start)
                .unwrap_or(text.len())
                .clamp(start, text.len());
            glyphs.push(ShapedGlyph {
                glyph_id: info.glyph_id,
                x_advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                range: start..end,
            });
        }
        glyphs
    }

    /// Width of a line of cleaned text at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.shape(text).iter().map(|g| g.x_advance).sum::<f32>() * size
    }
}

/// Zero-width and bidi formatting characters, variation selectors, tags: nothing to draw, and a
/// face without them would otherwise show a replacement mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Both faces, parsed once per rendering.
pub struct Fonts {
    pub regular: FontFace,
    pub bold: FontFace,
}

impl Fonts {
    pub fn load() -> Result<Self, DocumentError> {
        Ok(Self {
            regular: FontFace::load(REGULAR_TTF, "DejaVu Sans")?,
            bold: FontFace::load(BOLD_TTF, "DejaVu Sans Bold")?,
        })
    }

    pub fn face(&self, weight: Weight) -> &FontFace {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The raw font file, for krilla to embed (subset).
    pub fn data(weight: Weight) -> &'static [u8] {
        match weight {
            Weight::Regular => REGULAR_TTF,
            Weight::Bold => BOLD_TTF,
        }
    }
}
