// The print preview renders the document model faithfully, block by block, and says where the
// PDF was stored; "Print" opens the system print dialog.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Document, GeneratedDocument } from '$lib/bindings';
import { setLanguage } from '$lib/i18n.svelte';
import PrintPreview from '../screens/PrintPreview.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => setLanguage('sr-Latn'));

const doc: Document = {
  title: 'NAREĐENJE o izricanju hitne mere',
  header: ['Republika Srbija', 'MUP', 'PU Novi Sad'],
  reference: [
    { label: 'Broj', value: 'P-1A2B3C-2026-0001' },
    { label: 'Datum', value: '24.10.2026.' },
  ],
  blocks: [
    { kind: 'heading', content: 'Obrazloženje' },
    { kind: 'paragraph', content: 'Učinilac je pretio ubistvom.\nU stanu je puška.' },
    { kind: 'fields', content: [{ label: 'Učinilac', value: 'Marko Petrović' }] },
    { kind: 'table', content: { columns: ['Rok', 'Vreme'], rows: [['Uručeno', '24.10.2026. 10:00'], ['Ističe', '26.10.2026. 09:00']] } },
    { kind: 'list', content: ['udaljenje iz stana', 'zabrana prilaska'] },
    {
      kind: 'signatures',
      content: [
        { label: 'Službeno lice', name: 'Milan Jovanović', strokes: { width: 300, height: 100, strokes: [[{ x: 10, y: 20, t: 0 }, { x: 50, y: 60, t: 15 }]] }, note: '' },
        { label: 'Učinilac', name: 'Marko Petrović', strokes: null, note: 'odbio da potpiše' },
      ],
    },
    { kind: 'notice', content: 'Žalba ne odlaže izvršenje.' },
  ],
  footer: 'Zaštita · uređaj 1A2B3C',
  page_label: 'Strana {page} od {pages}',
  translations: [],
};

const generated: GeneratedDocument = {
  info: {
    id: 'd1', case_id: 'c1', order_id: 'o1', kind: 'order', language: 'sr-Latn', created_at: '2026-10-24T08:05:00Z', created_by: 'NS1234',
    sha256: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', size: 48_640,
  },
  preview: doc,
};

describe('print preview', () => {
  it('renders every block kind of the document model', () => {
    render(PrintPreview, { caseId: 'c1', orderId: 'o1', doc: generated });
    const page = screen.getByTestId('document-page');
    expect(page).toHaveAttribute('lang', 'sr-Latn');
    expect(within(page).getByTestId('document-title')).toHaveTextContent('NAREĐENJE o izricanju hitne mere');
    for (const line of doc.header) expect(within(page).getByText(line)).toBeInTheDocument();
    expect(page.querySelector('.doc-ref')).toHaveTextContent('Broj: P-1A2B3C-2026-0001');
    const block = (k: string) => page.querySelector(`[data-block="${k}"]`) as HTMLElement;
    expect(block('heading').tagName).toBe('H2');
    expect(block('heading')).toHaveTextContent('Obrazloženje');
    expect(block('paragraph').textContent).toBe('Učinilac je pretio ubistvom.\nU stanu je puška.');
    expect(block('fields').querySelector('dt')).toHaveTextContent('Učinilac');
    expect(block('fields').querySelector('dd')).toHaveTextContent('Marko Petrović');
    expect([...block('table').querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Rok', 'Vreme']);
    expect(block('table').querySelectorAll('tbody tr')).toHaveLength(2);
    expect([...block('list').querySelectorAll('li')].map((li) => li.textContent)).toEqual(['udaljenje iz stana', 'zabrana prilaska']);
    const sigs = block('signatures');
    const svg = within(sigs).getByTestId('document-signature');
    expect(svg.getAttribute('viewBox')).toBe('0 0 300 100');
    expect(svg.querySelector('polyline')!.getAttribute('points')).toBe('10,20 50,60');
    expect(sigs).toHaveTextContent('Službeno lice');
    expect(sigs).toHaveTextContent('odbio da potpiše');
    expect(block('notice')).toHaveTextContent('Žalba ne odlaže izvršenje.');
    expect(page.querySelector('.doc-foot')).toHaveTextContent('Zaštita · uređaj 1A2B3C');
    // No style attributes: the CSP forbids inline styles.
    expect(document.querySelector('[style]')).toBeNull();
  });

  it("shows the perpetrator's copy in his language after the document", () => {
    const hu: Document = { ...doc, title: 'RENDŐRSÉGI RENDELKEZÉS', header: [], reference: [], blocks: [], translations: [] };
    render(PrintPreview, { caseId: 'c1', orderId: 'o1', doc: { ...generated, preview: { ...doc, translations: [{ language: 'hu', document: hu }] } } });
    const pages = screen.getAllByTestId('document-page');
    expect(pages).toHaveLength(2);
    expect(pages[0]).toHaveAttribute('lang', 'sr-Latn');
    expect(pages[1]).toHaveAttribute('lang', 'hu');
    expect(within(pages[1]).getByTestId('document-title')).toHaveTextContent('RENDŐRSÉGI RENDELKEZÉS');
  });

  it('says where the PDF is stored and prints through the system dialog', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(PrintPreview, { caseId: 'c1', orderId: 'o1', doc: generated });
    expect(screen.getByTestId('print-stored')).toHaveTextContent('48 KB, SHA-256 0123456789ab…');
    await fireEvent.click(screen.getByTestId('print-now'));
    expect(print).toHaveBeenCalledOnce();
  });
});
