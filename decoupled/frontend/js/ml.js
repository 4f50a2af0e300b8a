// Every call to the ML service goes through this module, as every call to the catalog API
// goes through api.js. It is a second service, at its own address (ML_URL in config.js),
// with its own paths under /v1, but the same error shape (application/problem+json), so it
// shares api.js's callService and a failure arrives as the same ApiError.
//
// The pages treat this service as optional: when it is down or fails, only the
// recommendations say so, and the catalog (search, course pages, enrollment) works on.

import { ML_URL } from "../config.js";
import { callService } from "./api.js";

const ML_SERVICE = { name: "ML service", base: ML_URL, start: "make ml", part: "Recommendations" };

function request(path, options = {}) {
  return callService(ML_SERVICE, `${ML_URL}/v1${path}`, options);
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
