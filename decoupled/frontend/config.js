// Where the frontend's two services live: its only settings. Change them here to use others.
// When the server is started with the environment variable API_URL or ML_URL set
// (API_URL=http://127.0.0.1:9000 make frontend), it serves a generated config.js holding
// those values instead of this file; see __main__.py.

// The catalog API: courses, categories, enrollments (`make api`).
export const API_URL = "http://127.0.0.1:8000";
// The ML service: recommendations from a trained model (`make ml`).
export const ML_URL = "http://127.0.0.1:8001";
