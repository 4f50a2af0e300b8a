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
// the visitor to act, and screen readers announce it; an "error" is an alert in red, for
// when the API could not give an answer at all.
export function notice(text, kind = "status") {
  const role = kind === "status" ? "status" : "alert";
  const classes = kind === "error" ? "notice notice-error" : "notice";
  return el("p", { class: classes, role }, text);
}

// Show the problem's `errors` ([{field, message}]) next to the form's fields, as the
// monolith does; one the form has no field for goes under the form.
export function showFieldErrors(form, errors) {
  for (const { field, message } of errors) {
    const input = form.elements.namedItem(field);
    const label = input?.closest(".field");
    if (label) {
      label.classList.add("has-error");
      label.append(el("span", { class: "field-error" }, message));
    } else {
      form.append(el("p", { class: "form-error", role: "alert" }, message));
    }
  }
}

export function clearFieldErrors(form) {
  form.querySelectorAll(".field-error, .form-error").forEach((node) => node.remove());
  form.querySelectorAll(".has-error").forEach((node) => node.classList.remove("has-error"));
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
