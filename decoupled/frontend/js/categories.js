// Every category with its number of courses (categories.html), from GET /api/v2/categories.
// Each links to the catalog search filtered on it.

import { getCategories } from "./api.js";
import { el, errorNotice, showApiUrl } from "./render.js";

async function showCategories() {
  const status = document.querySelector("#status");
  let categories;
  try {
    categories = await getCategories();
  } catch (error) {
    status.replaceChildren(errorNotice(error));
    return;
  }
  status.replaceChildren();
  const items = categories.map((category) =>
    el(
      "li",
      {},
      el(
        "a",
        { href: `./?category=${encodeURIComponent(category.slug)}` },
        el("span", { class: "category-name" }, category.name),
        el("span", { class: "category-count" }, `${category.course_count} courses`),
      ),
    ),
  );
  document.querySelector(".category-list").replaceChildren(...items);
}

showApiUrl();
showCategories();
