/* The site's search ranking, added to Sphinx's own (language_data.js loads it after
 * searchtools.js has defined Scorer). A reading guide is what the site is for: a result in
 * one ranks above an equal result elsewhere, so that for "in-context learning" the guide
 * whose topic it is comes before the glossary term of the same words. */
Scorer.score = (result) => {
  const [docname, , , , score] = result;
  return docname.startsWith("guides/") ? score + 5 : score;
};
