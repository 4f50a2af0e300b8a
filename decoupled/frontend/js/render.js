// DOM helpers shared by the pages.
//
// The one rule: text from the API reaches the page only as text (textContent, or strings
// passed to append(), which become Text nodes). Never innerHTML: a course titled
// `<img src=x onerror=alert(1)>` must show those characters, not run as markup. What the
// monolith gets from Jinja's autoescaping, we get from these DOM methods.

import { API_URL, ML_URL } from "../config.js";

// el("p", { class: "notice" }, "Some text", otherNode): a new element.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// Set the text of the element matching `selector` inside `root`.
export function setText(root, selector, text) {
  root.querySelector(selector).textContent = text;
}

export function courseUrl(slug) {
  return `course.html?slug=${encodeURIComponent(slug)}`;
}

// The same formats as the monolith's templates (monolith/templates/_macros.html).
const numbers = new Intl.NumberFormat("en-US");
export const formatNumber = (n) => numbers.format(n);
// A price in dollars, as the ML service sends it: 84.99.
export const formatPrice = (dollars) => (dollars === 0 ? "Free" : `$${dollars.toFixed(2)}`);
// A price as the catalog API's v2 sends it: {amount: "84.99", currency: "USD"}, exact text.
export function formatMoney(price) {
  if (Number(price.amount) === 0) return "Free";
  return price.currency === "USD" ? `$${price.amount}` : `${price.amount} ${price.currency}`;
}
export const capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);

// "2024-03-12" -> "March 12, 2024". In UTC, so the date never slips to the day before.
export function formatDate(isoDate) {
  const options = { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" };
  return new Date(isoDate).toLocaleDateString("en-US", options);
}

// Fill the rating, level and price parts that course cards and the course page share.
export function fillCourseFacts(root, course) {
  setText(root, ".rating-value", course.rating.toFixed(1));
  setText(root, ".rating .muted", `(${formatNumber(course.review_count)} reviews)`);
  const level = root.querySelector(".level");
  level.textContent = capitalize(course.level);
  level.classList.add(`level-${course.level}`);
}

// A message in place of content. A "status" is news (loading, no results); an "alert" asks
// the visitor to act, and screen readers announce it.
export function notice(text, kind = "status") {
  return el("p", { class: "notice", role: kind === "status" ? "status" : "alert" }, text);
}

// When a service gave no answer (an ApiError): in red, announced, a sentence for the student,
// then apart and smaller what a developer would check ("Is `make api` running?"), if anything.
export function errorNotice(error, extraClass = "") {
  const classes = `notice notice-error ${extraClass}`.trim();
  const box = el("div", { class: classes, role: "alert" }, el("p", {}, error.detail));
  if (error.hint) box.append(developerHint(error.hint));
  return box;
}

export function developerHint(text) {
  return el("p", { class: "developer-hint" }, el("strong", {}, "For developers: "), text);
}

// Show the problem's `errors` ([{field, message}]) next to the form's fields, as the
// monolith does; one the form has no field for goes under the form. For screen readers, as
// in the monolith: each bad field says it is invalid (aria-invalid) and which message is
// about it (aria-describedby); each message is announced as it appears (role="alert"); and
// the focus moves to the first bad field, where the visitor fixes it.
export function showFieldErrors(form, errors) {
  for (const { field, message } of errors) {
    const input = form.elements.namedItem(field);
    const label = input instanceof Element ? input.closest(".field") : null;
    if (label) {
      const id = unusedId(`${input.id}-error`); // email-error, then email-error-2...
      label.classList.add("has-error");
      label.append(el("span", { class: "field-error", id, role: "alert" }, message));
      input.setAttribute("aria-invalid", "true");
      const described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
    } else {
      form.append(el("p", { class: "form-error", role: "alert" }, message));
    }
  }
  form.querySelector("[aria-invalid=true]")?.focus();
}

function unusedId(wanted) {
  let id = wanted;
  for (let n = 2; document.getElementById(id); n++) id = `${wanted}-${n}`;
  return id;
}

export function clearFieldErrors(form) {
  form.querySelectorAll(".field-error, .form-error").forEach((node) => node.remove());
  form.querySelectorAll(".has-error").forEach((node) => node.classList.remove("has-error"));
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

// The footer says where the data comes from: the catalog API and the ML service.
export function showApiUrl() {
  document.querySelectorAll(".api-url").forEach((node) => {
    node.textContent = API_URL;
  });
  document.querySelectorAll(".ml-url").forEach((node) => {
    node.textContent = ML_URL;
  });
}
