/** Lower-case, accents stripped (`Écoles` → `ecoles`), as Mongo's French text index compares. */
export function normaliseText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Words of a text for matching: normalised, split on anything not a letter or digit. */
export function toWords(text: string): string[] {
  return normaliseText(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** udata's slugify: accents stripped, apostrophes dropped (`d'urbanisme` → `durbanisme`), the rest dashed. */
export function slugify(text: string): string {
  return normaliseText(text)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
