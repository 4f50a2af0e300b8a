// Every call to the catalog API goes through this module. It knows the API's address, the
// version of its contract this frontend is written for, and its one error shape
// (application/problem+json, RFC 9457), so the pages only deal with data, or with an ApiError.

import { API_URL } from "../config.js";

// What went wrong, whatever it was: `status` is the HTTP status (0 when no answer could be
// read at all), `detail` a sentence for the student, `fieldErrors` the problem's
// `errors` list ([{field, message}], empty when the problem names no field), and `hint` what
// a developer would check ("Is `make api` running?"), shown apart from `detail`, or "".
export class ApiError extends Error {
  constructor(status, detail, fieldErrors = [], hint = "") {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.hint = hint;
  }
}

// How long a page waits for one of our services. A service that is not running refuses the
// connection at once; one that is frozen or overloaded accepts it and never answers, and
// without a limit the page would say "Loading…" forever.
export const TIME_LIMIT_SECONDS = 5;

// One request to one of our services (the catalog API below; the ML service in ml.js uses it
// too): the decoded JSON, or an ApiError saying what went wrong. `service` names it for the
// messages: { name: "catalog API", base: API_URL, start: "make api", part: "The course
// catalog" } (`part` is what a student calls it; `name`, what a developer does).
export async function callService(service, url, options = {}) {
  // The whole exchange, the answer's body included, must end within the limit.
  const signal = AbortSignal.timeout(TIME_LIMIT_SECONDS * 1000);
  let response;
  try {
    response = await fetch(url, {
      ...options,
      signal,
      headers: { Accept: "application/json, application/problem+json", ...options.headers },
    });
    if (response.ok) {
      return await response.json();
    }
  } catch (error) {
    throw noAnswer(service, error);
  }
  // An error. Our services always explain it in a problem; anything else (a proxy's error
  // page, another program on that port) gets a plain sentence.
  const type = response.headers.get("Content-Type") || "";
  const problem = type.includes("json") ? await response.json().catch(() => ({})) : {};
  if (problem.detail) {
    throw new ApiError(response.status, problem.detail, problem.errors || []);
  }
  const hint = `The ${service.name} at ${service.base} answered ${response.status}.`;
  throw new ApiError(response.status, unavailable(service), [], hint);
}

// What the student reads when a service cannot help: it is not their fault, and waiting helps.
function unavailable(service) {
  return `${service.part} is unavailable right now. Please try again in a moment.`;
}

// What to say when no answer could be read: status 0, a sentence for the student, and a hint
// for whoever runs the services.
function noAnswer(service, error) {
  if (error.name === "TimeoutError") {
    return new ApiError(
      0,
      `${service.part} did not answer in time. Please try again in a moment.`,
      [],
      `The ${service.name} at ${service.base} did not answer within ${TIME_LIMIT_SECONDS} ` +
        `seconds. If it keeps happening, it may be stuck: restart \`${service.start}\`.`,
    );
  }
  if (error.name === "SyntaxError") {
    // A 200 whose body is not JSON: another program answers at that address.
    const hint = `${service.base} answered, but not with JSON: is it the ${service.name}?`;
    return new ApiError(0, unavailable(service), [], hint);
  }
  // fetch fails outright only when no answer can be read: the service is not running, the
  // address is wrong, or it did not allow this page's origin (CORS). The browser does not
  // tell the page which one, on purpose, so the hint names both.
  return new ApiError(
    0,
    unavailable(service),
    [],
    `The ${service.name} is not reachable at ${service.base}. Is \`${service.start}\` ` +
      `running? If it is, check that its CORS_ORIGINS allows this page's origin, ` +
      `${location.origin}.`,
  );
}

const CATALOG_API = {
  name: "catalog API",
  base: API_URL,
  start: "make api",
  part: "The course catalog",
};

// Version 2 of the contract. Moving here from /api/v1 took this line and `formatMoney` in
// render.js: v2 writes a price as {amount: "84.99", currency: "USD"} instead of 84.99.
export const API_VERSION = "/api/v2";

function request(path, options = {}) {
  return callService(CATALOG_API, `${API_URL}${API_VERSION}${path}`, options);
}

// GET /courses: `params` is a URLSearchParams with the search's fields (q, level, page...).
export function searchCourses(params) {
  return request(`/courses?${params}`);
}

export function getCourse(slug) {
  return request(`/courses/${encodeURIComponent(slug)}`);
}

export function getCategories() {
  return request("/categories");
}

// POST a JSON body. Its Content-Type makes the browser first ask the API (a CORS
// "preflight" OPTIONS request) whether this origin may send it; the API says yes to ours.
export function enroll(slug, { name, email }) {
  return request(`/courses/${encodeURIComponent(slug)}/enrollments`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, email }),
  });
}
