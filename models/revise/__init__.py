"""Changing a finished transcript without transcribing it again, and without losing a correction. No Qt.

    speakers.apply_speakers(jobs, job_id, options, embedder)   # CAM++ over the stored segments, then labels
    text.plan(jobs, job_id, text_options) -> TextPlan           # the text steps again on the recognised text
    text.apply(jobs, job_id, plan, corrections=False)
    carry.carry_corrections(jobs, job_id) -> CarryReport         # after a re-transcription: corrections by time

Each change is one undo step in the job's edit log (models/jobs/edits.py, models/jobs/job_state.py).
"""
