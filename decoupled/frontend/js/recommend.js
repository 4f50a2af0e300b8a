// The "recommend me a course" box on the home page (index.html).
//
// The interests and the level go to the ML service (POST /v1/recommendations), which
// answers with courses ranked by its model, best first. This module is separate from the
// search (search.js) and so is the service it calls: if the ML service is down, only this
// box says so, and the catalog search above it works as before.

import { recommend } from "./ml.js";
import { clearFieldErrors, el, notice, showFieldErrors } from "./render.js";
import { recommendationGrid, unavailableNotice } from "./recommendations.js";

const HOW_MANY = 5;
const form = document.querySelector(".recommend-form");
const results = document.querySelector(".recommend-results");

form.addEventListener("submit", async (event) => {
  event.preventDefault(); // no page load: we ask the ML service with fetch
  const button = form.querySelector("button");
  const { interests, level } = Object.fromEntries(new FormData(form));
  clearFieldErrors(form);
  results.replaceChildren(notice("Finding courses for you…"));
  button.disabled = true; // one click, one request
  try {
    const answer = await recommend({ interests, level, k: HOW_MANY });
    results.replaceChildren(...resultNodes(answer));
  } catch (error) {
    if (error.status === 422 && error.fieldErrors.length > 0) {
      // The service's own words ("Describe your interests in 1 to 500 characters..."),
      // next to the field they are about, as the catalog's field errors are.
      showFieldErrors(form, error.fieldErrors);
      results.replaceChildren();
    } else {
      results.replaceChildren(unavailableNotice(error));
    }
  } finally {
    button.disabled = false;
  }
});

function resultNodes(answer) {
  if (answer.items.length === 0) {
    return [notice("No courses fit these interests at this level. Try other words or any level.")];
  }
  const count = answer.items.length;
  // `model` says which model ranked them: the answer's shape is the same for both.
  const summary =
    `${count} course${count === 1 ? "" : "s"} for you, best first · ` +
    `ranked by the ${answer.model} model`;
  return [
    el("p", { class: "recommend-summary" }, summary),
    recommendationGrid(answer.items, { ranked: true }),
  ];
}
