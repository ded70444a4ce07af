// Printing: generate a document (core renders and stores the PDF in the case) and open the print
// preview; a stored document opens again as it was generated (core keeps its model beside the PDF).
import { commands } from './commands';
import type { DocumentId, GenerateDocumentRequest, GeneratedDocument, Language } from './bindings';
import { go } from './app.svelte';
import { DOCUMENT_LANGUAGES } from './enums';

/** The document language offered first: the officer's, when documents can be in it. */
export function defaultDocumentLanguage(ui: Language): Language {
  return DOCUMENT_LANGUAGES.includes(ui) ? ui : 'sr-Latn';
}

/** Generates and stores the document, then shows its preview. Rejects with an AppError. */
export async function printDocument(req: GenerateDocumentRequest): Promise<GeneratedDocument> {
  const doc = await commands.generateDocument(req);
  go({ name: 'print', caseId: req.case_id, orderId: req.order_id, doc });
  return doc;
}

/** Opens a stored document's preview, as it was generated. Rejects with an AppError. */
export async function openStored(id: DocumentId): Promise<void> {
  const doc = await commands.documentPreview(id);
  go({ name: 'print', caseId: doc.info.case_id, orderId: doc.info.order_id, doc });
}
