"""Who said what (issue 15): CAM++ embeddings per VAD segment, clustering, sentence -> speaker. No Qt."""
