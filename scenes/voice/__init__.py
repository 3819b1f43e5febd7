"""The voice: what a narration line sounds like and how its captions are cut.

``spoken`` turns a written line into the words a synthesizer is given,
``cues`` cuts a line into caption cues timed to its audio, and
``narration`` synthesizes (or finds the recording of) each line and times
its beat. None of them imports manim: the build (``pipeline/``) uses them
too, to write the script, the page and the audio description.
"""
