// The catalog search (index.html).
//
// The address bar holds the whole search, as in the monolith: /?q=ai+agents&level=beginner&page=2.
// Its query string uses the API's parameter names, so it is passed on to GET /api/v2/courses
// as it is. A new search or page is added to the history with pushState (no page load);
// the browser's back and forward buttons fire `popstate`, and we show that entry's search.
// A shared link is just an address: opening it shows the same search.

import { getCategories, searchCourses } from "./api.js";
import {
  clearFieldErrors,
  courseUrl,
  el,
  errorNotice,
  fillCourseFacts,
  formatNumber,
  formatMoney,
  notice,
  setText,
  showApiUrl,
  showFieldErrors,
} from "./render.js";

const SEARCH_FIELDS = ["q", "category", "level", "max_price", "min_rating", "sort", "page"];
const DEFAULTS = { sort: "relevance" }; // what the API assumes when a field is absent
const form = document.querySelector(".search-form");
const results = document.querySelector("#results");
const cardTemplate = document.querySelector("#course-card");

// The search in the address bar; unknown names are left out, and so is what says nothing.
function currentSearch() {
  const search = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(location.search)) {
    if (SEARCH_FIELDS.includes(name) && saysSomething(name, value)) {
      search.set(name, value.trim());
    }
  }
  return search;
}

// An empty field, or one at its default, would only make the address longer.
function saysSomething(name, value) {
  return value.trim() !== "" && DEFAULTS[name] !== value.trim();
}

// Make the form show `search` (after back or forward, the form must match the results).
function fillForm(search) {
  for (const name of SEARCH_FIELDS) {
    const field = form.elements.namedItem(name);
    if (field) setField(field, search.get(name) ?? "");
  }
}

function setField(field, value) {
  field.value = value;
  // A select given a value it has no option for selects nothing: show its first option.
  if (field.tagName === "SELECT" && field.selectedIndex === -1) field.selectedIndex = 0;
}

// Show a new search: add it to the history, then fetch and show its results.
function go(search) {
  const query = search.toString();
  const address = location.pathname + (query ? `?${query}` : "");
  // The same search again replaces its history entry, as a reload would, instead of adding one.
  const again = address === location.pathname + location.search;
  history[again ? "replaceState" : "pushState"](null, "", address);
  fillForm(search);
  showResults();
}

form.addEventListener("submit", (event) => {
  event.preventDefault(); // no page load: we show the results ourselves
  const search = new URLSearchParams(); // /?q=ai+agents&level=beginner, and no more
  for (const [name, value] of new FormData(form)) {
    if (saysSomething(name, value)) search.set(name, value.trim());
  }
  go(search); // no `page` in the form, so a new search starts at page 1
});

window.addEventListener("popstate", () => {
  fillForm(currentSearch());
  showResults();
});

// Each search gets a number; an answer that arrives after a newer search began is dropped,
// so a slow answer can never overwrite the results of the latest search.
let latestSearch = 0;

async function showResults() {
  const search = currentSearch();
  const thisSearch = ++latestSearch;
  const q = search.get("q");
  document.title = `${q ? `“${q}”` : "Find your next course"} · CourseHub`;
  clearFieldErrors(form);
  results.replaceChildren(notice("Loading courses…"));
  try {
    const page = await searchCourses(search);
    if (thisSearch === latestSearch) results.replaceChildren(...resultNodes(page, search));
  } catch (error) {
    if (thisSearch !== latestSearch) return;
    if (error.status === 422) {
      // Bad search fields: the API's own messages, next to the fields they are about.
      showFieldErrors(form, error.fieldErrors);
      results.replaceChildren(notice("Please fix the search above and try again.", "alert"));
    } else {
      results.replaceChildren(errorNotice(error));
    }
  }
}

// What to show for one page of results (the monolith's search.html, in JavaScript).
function resultNodes(page, search) {
  if (page.total === 0) {
    return [notice("No courses match your search. Try fewer words or remove a filter.")];
  }
  if (page.items.length === 0) {
    const back = pageLink("Back to page 1", search, 1);
    return [el("p", { class: "notice" }, `There are only ${page.pages} pages of results. `, back)];
  }
  const plural = page.total === 1 ? "" : "s";
  const count = `${formatNumber(page.total)} course${plural} · page ${page.page} of ${page.pages}`;
  const pager = el("nav", { class: "pager", "aria-label": "Pages" });
  if (page.page > 1) pager.append(pageLink("← Previous", search, page.page - 1, "prev"));
  pager.append(el("span", {}, `Page ${page.page} of ${page.pages}`));
  if (page.page < page.pages) pager.append(pageLink("Next →", search, page.page + 1, "next"));
  return [
    el("p", { class: "result-count" }, count),
    el("div", { class: "course-grid" }, ...page.items.map(courseCard)),
    pager,
  ];
}

// A real link to another page of this search: it can be opened in a new tab or copied.
// A plain click stays on this page and goes through the history instead.
function pageLink(text, search, pageNumber, rel) {
  const target = new URLSearchParams(search);
  target.set("page", pageNumber);
  const link = el("a", { href: `?${target}` }, text);
  if (rel) link.rel = rel;
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(target);
    window.scrollTo(0, 0);
  });
  return link;
}

function courseCard(course) {
  const card = cardTemplate.content.firstElementChild.cloneNode(true);
  card.dataset.slug = course.slug;
  setText(card, ".card-category", course.category.name);
  const link = card.querySelector(".card-title a");
  link.href = courseUrl(course.slug);
  link.textContent = course.title;
  setText(card, ".card-headline", course.headline);
  setText(card, ".card-instructor", course.instructor);
  setText(card, ".card-price", formatMoney(course.price));
  fillCourseFacts(card, course);
  return card;
}

// The category options come from the API. If it is down, showResults says so already.
async function fillCategories() {
  try {
    const categories = await getCategories();
    const select = form.elements.namedItem("category");
    select.append(...categories.map((c) => el("option", { value: c.slug }, c.name)));
    setField(select, currentSearch().get("category") ?? "");
  } catch {
    // nothing more to say
  }
}

showApiUrl();
fillForm(currentSearch());
showResults();
fillCategories();
