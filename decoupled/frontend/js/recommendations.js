// How the ML service's answers look on a page: course cards, and the messages shown instead
// of them. Used by the course page ("students who liked this also liked") and by the home
// page's "recommend me a course" box.
//
// A recommendation carries fewer fields than a catalog course (the model knows the title,
// level, price, rating and category name, not the headline or the instructor), so its card
// is a shorter version of the search card, with the same classes and so the same look.

import { capitalize, courseUrl, developerHint, el, formatPrice } from "./render.js";

// The courses as a grid of cards, in the service's order (best first). With `ranked`, each
// card shows its place, "#1" to "#k", and the model's score.
export function recommendationGrid(items, { ranked = false } = {}) {
  const cards = items.map((item, index) => recommendationCard(item, ranked ? index + 1 : null));
  return el("ol", { class: "course-grid recommendation-grid" }, ...cards);
}

function recommendationCard(item, rank) {
  const top = el("p", { class: "card-top" }, el("span", { class: "card-category" }, item.category));
  if (rank !== null) top.append(el("span", { class: "card-rank" }, `#${rank}`));
  const level = el("span", { class: `level level-${item.level}` }, capitalize(item.level));
  const rating = el(
    "span",
    { class: "rating" },
    el("span", { class: "stars", "aria-hidden": "true" }, "★"),
    " ",
    el("span", { class: "rating-value" }, item.rating.toFixed(1)),
  );
  const price = el("span", { class: "card-price" }, formatPrice(item.price));
  const footer = el("p", { class: "card-footer" }, price);
  if (rank !== null) {
    const hint = "The model's score for this course: higher fits better.";
    const score = `score ${item.score.toFixed(2)}`;
    footer.append(el("span", { class: "card-score", title: hint }, score));
  }
  const card = el(
    "li",
    { class: "course-card recommendation-card" },
    top,
    el("h3", { class: "card-title" }, el("a", { href: courseUrl(item.slug) }, item.title)),
    el("p", { class: "card-meta" }, rating, level),
    footer,
  );
  card.dataset.slug = item.slug;
  return card;
}

// What to show when the ML service could not answer: not running, unreachable, or failing.
// Only the recommendations say so; the rest of the page has its data from the catalog API.
// The student reads the first sentence; the service's own words are for developers.
export function unavailableNotice(error) {
  return el(
    "div",
    { class: "notice recommendations-unavailable", role: "status" },
    el("p", {}, "Recommendations are unavailable right now. The rest of CourseHub works as usual."),
    developerHint(error.hint || error.detail),
  );
}
