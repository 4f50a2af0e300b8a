// One course (course.html?slug=...), its enroll form, and what students also liked.
//
// The page arrives with empty elements; we fetch GET /api/v2/courses/{slug} and fill them.
// The form is sent as JSON to POST /api/v2/courses/{slug}/enrollments, and the answer is
// shown without leaving the page: success (201, also when the email was enrolled already:
// the API never says which), or the API's field errors (422) next to the fields they name.
//
// "Students who liked this also liked" comes from another service, the ML service, asked at
// the same time as the catalog API and on its own: whatever happens to one call, the other's
// part of the page is shown. That is the fault isolation two services buy.

import { enroll, getCourse } from "./api.js";
import { similarCourses } from "./ml.js";
import { recommendationGrid, unavailableNotice } from "./recommendations.js";
import {
  clearFieldErrors,
  el,
  errorNotice,
  fillCourseFacts,
  formatDate,
  formatNumber,
  formatMoney,
  notice,
  setText,
  showApiUrl,
  showFieldErrors,
} from "./render.js";

const slug = new URLSearchParams(location.search).get("slug") ?? "";
const status = document.querySelector("#status");
const page = document.querySelector(".course-page");
const form = page.querySelector(".enroll-form");

// The monolith's error page titles (monolith/errors.py).
const TITLES = {
  400: "That request didn't look right",
  404: "We couldn't find that page",
  500: "Something went wrong on our side",
};

async function showCourse() {
  if (!slug) {
    const detail = "This address names no course. Open one from the catalog.";
    status.replaceChildren(...errorNodes({ status: 404, detail }));
    return;
  }
  let course;
  try {
    course = await getCourse(slug);
  } catch (error) {
    status.replaceChildren(...errorNodes(error));
    return;
  }
  fillCourse(course);
  status.replaceChildren();
  page.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // no page load: we send the form with fetch
    sendEnrollment(course);
  });
}

function fillCourse(course) {
  document.title = `${course.title} · CourseHub`;
  page.dataset.slug = course.slug;
  const categoryLink = page.querySelector(".category-link");
  categoryLink.href = `./?category=${encodeURIComponent(course.category.slug)}`;
  categoryLink.textContent = course.category.name;
  setText(page, ".course-title", course.title);
  setText(page, ".course-headline", course.headline);
  setText(page, ".course-instructor", course.instructor);
  setText(page, ".course-description", course.description);
  page.querySelector(".tags").replaceChildren(...course.tags.map((tag) => el("li", {}, tag)));
  setText(page, ".big-price", formatMoney(course.price));
  fillCourseFacts(page, course);
  setText(page, ".students", formatNumber(course.student_count));
  setText(page, ".hours", `${course.hours.toFixed(1)} hours`);
  setText(page, ".language", course.language);
  const published = page.querySelector(".published time");
  published.dateTime = course.published;
  published.textContent = formatDate(course.published);
}

function errorNodes(error) {
  if (error.status === 0) {
    return [errorNotice(error)]; // the API is not reachable
  }
  // The API answered with an error (404 for an unknown slug): the monolith's error page.
  const title = TITLES[error.status] ?? "Something went wrong";
  document.title = `${title} · CourseHub`;
  return [
    el(
      "section",
      { class: "error-page" },
      el("p", { class: "error-status" }, String(error.status)),
      el("h1", {}, title),
      el("p", {}, error.detail),
      el("p", {}, el("a", { href: "./" }, "Back to the catalog")),
    ),
  ];
}

async function sendEnrollment(course) {
  const button = form.querySelector("button");
  clearFieldErrors(form);
  document.querySelectorAll(".flash").forEach((node) => node.remove());
  button.disabled = true; // one click, one request
  const { name, email } = Object.fromEntries(new FormData(form));
  try {
    const enrollment = await enroll(course.slug, { name, email });
    // The monolith's flash message, with the name as the API read it.
    const message = `You're enrolled in “${course.title}”, ${enrollment.name}. Happy learning!`;
    const flash = el("p", { class: "flash", role: "status" }, message);
    document.querySelector("main").prepend(flash);
    flash.scrollIntoView({ block: "nearest" });
    form.reset();
  } catch (error) {
    if (error.fieldErrors.length > 0) {
      // 422 (bad input) names the field, as the monolith does.
      showFieldErrors(form, error.fieldErrors);
    } else {
      // No answer, or a refusal that names no field (429): under the form, announced.
      form.append(errorNotice(error, "form-error"));
    }
  } finally {
    button.disabled = false;
  }
}

async function showAlsoLiked() {
  const area = page.querySelector(".also-liked .recommendations");
  if (!slug) return; // no course: the page says so already
  let answer;
  try {
    answer = await similarCourses(slug, 4);
  } catch (error) {
    if (error.status === 404) {
      // The catalog has the course but the model does not: it was added after training.
      const text = "No recommendations for this course yet: it is newer than the model.";
      area.replaceChildren(notice(text));
    } else {
      area.replaceChildren(unavailableNotice(error)); // down, unreachable, or failing
    }
    return;
  }
  if (answer.items.length === 0) {
    area.replaceChildren(notice("No similar courses yet."));
  } else {
    area.replaceChildren(recommendationGrid(answer.items));
  }
}

showApiUrl();
showCourse();
showAlsoLiked();
