-- What chat filters need beyond genres and years: the original language (ISO 639-1, as
-- TMDb's original_language), the US MPA certification (G … NC-17, or NR when unrated) and
-- the TMDb collection a film belongs to (one film per collection on a page of picks).
ALTER TABLE movies ADD COLUMN original_language TEXT;
ALTER TABLE movies ADD COLUMN certification TEXT;
ALTER TABLE movies ADD COLUMN collection TEXT;
