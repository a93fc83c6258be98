"""Who said what: CAM++ embeddings per VAD segment, clustering, sentence -> speaker. No Qt."""
