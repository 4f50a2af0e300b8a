// Every call to the ML service goes through this module, as every call to the catalog API
// goes through api.js. It is a second service, at its own address (ML_URL in config.js),
// with its own paths under /v1, but the same error shape (application/problem+json), so a
// failure arrives as the same ApiError.
//
// The pages treat this service as optional: when it is down or fails, only the
// recommendations say so, and the catalog (search, course pages, enrolment) works on.

import { ML_URL } from "../config.js";
import { ApiError } from "./api.js";

async function request(path, options = {}) {
  const url = `${ML_URL}/v1${path}`;
  let response;
  try {
    response = await fetch(url, {
      ...options,
      headers: { Accept: "application/json, application/problem+json", ...options.headers },
    });
  } catch {
    // Not running, a wrong address, or this page's origin not in its CORS_ORIGINS.
    throw new ApiError(
      0,
      `The ML service is not reachable at ${ML_URL}. Is \`make ml\` running? ` +
        `If it is, check that its CORS_ORIGINS allows this page's origin, ${location.origin}.`,
    );
  }
  if (response.ok) {
    return response.json();
  }
  const fallback = `The ML service at ${ML_URL} answered ${response.status}.`;
  const type = response.headers.get("Content-Type") || "";
  const problem = type.includes("json") ? await response.json().catch(() => ({})) : {};
  throw new ApiError(response.status, problem.detail || fallback, problem.errors || []);
}

// POST /v1/recommendations: up to `k` courses for the interests, best first.
// `level` is left out when empty ("any level").
export function recommend({ interests, level, k = 5 }) {
  const body = { interests, k };
  if (level) body.level = level;
  return request("/recommendations", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// GET /v1/courses/{slug}/similar: "students who liked this also liked".
export function similarCourses(slug, k = 4) {
  return request(`/courses/${encodeURIComponent(slug)}/similar?k=${k}`);
}
