declare const sdpTransform: unknown;
export default sdpTransform;
