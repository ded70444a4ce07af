// Printing: generate a document (core renders and stores the PDF in the case), keep its preview
// model in memory for this session, and open the print preview. Previews are forgotten on lock.
import * as api from './api';
import type { DocumentId, GenerateDocumentRequest, GeneratedDocument, Language } from './bindings';
import { go, onLock } from './app.svelte';
import { DOCUMENT_LANGUAGES } from './enums';

const previews = new Map<DocumentId, GeneratedDocument>();
onLock(() => previews.clear());

export function previewOf(id: DocumentId): GeneratedDocument | null {
  return previews.get(id) ?? null;
}

/** The document language offered first: the officer's, when documents can be in it. */
export function defaultDocumentLanguage(ui: Language): Language {
  return DOCUMENT_LANGUAGES.includes(ui) ? ui : 'sr-Latn';
}

/** Generates and stores the document, then shows its preview. Rejects with an AppError. */
export async function printDocument(req: GenerateDocumentRequest): Promise<GeneratedDocument> {
  const doc = await api.generateDocument(req);
  previews.set(doc.info.id, doc);
  go({ name: 'print', caseId: req.case_id, orderId: req.order_id, doc });
  return doc;
}

/** Opens the preview of a document generated in this session. */
export function openPreview(doc: GeneratedDocument) {
  go({ name: 'print', caseId: doc.info.case_id, orderId: doc.info.order_id, doc });
}
