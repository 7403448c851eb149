DROP FUNCTION macro_document_latest_version(text);
