/** The one route whose body is not held to the API's small body limit: it streams a video to disk. */
export const ANALYZE_UPLOAD_PATH = "/api/analyze";
