DROP TYPE macro_bom_part;
DROP FUNCTION macro_user_items(text);
DROP FUNCTION macro_access_levels(text, text[], text[]);
