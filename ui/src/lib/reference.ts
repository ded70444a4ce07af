// Reference data shipped with the app as data files (src/data/*.tsv, from the shared reference
// set): the police administrations of Serbia and which covers each municipality of Vojvodina.
import administrationsTsv from '../data/police-administrations.tsv?raw';
import municipalitiesTsv from '../data/vojvodina-municipalities.tsv?raw';

function rows(tsv: string): string[][] {
  return tsv
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').map((c) => c.trim()));
}

/** The police administrations, Belgrade's first, as the reference lists them. */
export const POLICE_ADMINISTRATIONS: string[] = rows(administrationsTsv).map((r) => r[0]);

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('sr-Latn').trim();

const byMunicipality = new Map(rows(municipalitiesTsv).map((r) => [fold(r[2]), r[1]]));

/** The police administration covering a municipality of Vojvodina, if it is one. */
export function administrationFor(municipality: string): string | null {
  return byMunicipality.get(fold(municipality)) ?? null;
}
