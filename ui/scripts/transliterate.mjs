// Generates src/i18n/sr-Cyrl/*.ftl from src/i18n/sr-Latn/*.ftl: Serbian Cyrillic is the exact
// transliteration of Serbian Latin. Message ids, $variables and [variant] keys stay as they are;
// so do the few phrases in PROTECTED (language names, technical terms).
// Run: node scripts/transliterate.mjs   (a test checks the output is up to date)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROTECTED = ['Srpski (latinica)', 'Magyar', 'English', 'SHA-256', 'abcdefgh', 'zastita-enroll:v1:', 'QR'];

const MAP = {
  a: 'а', b: 'б', c: 'ц', č: 'ч', ć: 'ћ', d: 'д', đ: 'ђ', e: 'е', f: 'ф', g: 'г', h: 'х',
  i: 'и', j: 'ј', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', š: 'ш',
  t: 'т', u: 'у', v: 'в', z: 'з', ž: 'ж',
};
const DIGRAPHS = { lj: 'љ', nj: 'њ', dž: 'џ' };

function word(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const two = text.slice(i, i + 2);
    const lower2 = two.toLowerCase();
    if (DIGRAPHS[lower2]) {
      const cyr = DIGRAPHS[lower2];
      out += two[0] === two[0].toLowerCase() ? cyr : cyr.toUpperCase();
      i++;
      continue;
    }
    const ch = text[i];
    const lower = ch.toLowerCase();
    if (MAP[lower]) out += ch === lower ? MAP[lower] : MAP[lower].toUpperCase();
    else out += ch;
  }
  return out;
}

/** Transliterates message text, leaving `$vars`, `[variant]` keys and protected phrases alone. */
export function transliterateText(text) {
  const keep = new RegExp(
    [...PROTECTED.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), '\\$[a-zA-Z_][\\w-]*', '\\*?\\[[^\\]]*\\]'].join('|'),
    'g',
  );
  let out = '';
  let last = 0;
  for (const m of text.matchAll(keep)) {
    out += word(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + word(text.slice(last));
}

export function transliterateFtl(source) {
  return source
    .split('\n')
    .map((line) => {
      if (line.startsWith('#')) return line;
      const m = /^([a-zA-Z][\w-]*)(\s*=\s*)(.*)$/.exec(line);
      if (m) return m[1] + m[2] + transliterateText(m[3]);
      return transliterateText(line);
    })
    .join('\n');
}

/** Catalogue roots whose sr-Cyrl is generated from sr-Latn: the UI's and core's (documents). */
export const ROOTS = [new URL('../src/i18n/', import.meta.url), new URL('../../core/i18n/', import.meta.url)];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const root of ROOTS) {
    for (const f of readdirSync(new URL('sr-Latn/', root))) {
      if (!f.endsWith('.ftl')) continue;
      const src = readFileSync(new URL(`sr-Latn/${f}`, root), 'utf8');
      writeFileSync(new URL(`sr-Cyrl/${f}`, root), transliterateFtl(src));
    }
  }
}
