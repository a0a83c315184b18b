// Jekyll strips `YYYY-MM-DD-` from post file names; the corpus also has the
// unpadded `2018-07-3-` form.
const DATE_PREFIX = /^\d{4}-\d{1,2}-\d{1,2}-/;
const MARKDOWN_EXTENSION = /\.(?:md|markdown)$/i;

/**
 * The record's slug from its file name: extension and Jekyll date prefix
 * removed, Unicode NFC (file names in the corpus mix NFC and NFD). Case and
 * punctuation are kept as written so the slug matches the file a person sees.
 */
export function parseSlug(sourcePath: string): string {
  const fileName = sourcePath.split('/').pop() ?? sourcePath;
  const withoutExtension = fileName.replace(MARKDOWN_EXTENSION, '');
  const withoutDate = withoutExtension.replace(DATE_PREFIX, '');
  // A file named only `2020-01-01-.md` keeps its full name rather than an empty slug.
  return (withoutDate === '' ? withoutExtension : withoutDate).normalize('NFC');
}

/**
 * The Jekyll collection: the first folder of the path whose name starts with
 * `_` (so `_actualites/actualites/x.markdown` is in `_actualites`, and loading
 * a parent folder still finds it). A file outside any `_` folder has the empty
 * collection `''`.
 */
export function parseCollection(sourcePath: string): string {
  const folders = sourcePath.split('/').slice(0, -1);
  return (folders.find((folder) => folder.startsWith('_')) ?? '').normalize('NFC');
}
