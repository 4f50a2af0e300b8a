// Where the catalog API lives: the frontend's one setting. Change it here to use another API.
// When the server is started with the environment variable API_URL set
// (API_URL=http://127.0.0.1:9000 make frontend), it serves a generated config.js holding that
// value instead of this file; see __main__.py.
export const API_URL = "http://127.0.0.1:8000";
