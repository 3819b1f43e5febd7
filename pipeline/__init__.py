"""The build engine behind ``render.py``: one module per job.

- ``config``: paths, qualities, settings, the one error type (``Fail``).
- ``tools``: system tools and the torch device, checked before a build.
- ``lock``: one build at a time per build dir; stale temp files cleaned.
- ``procs``: child processes that die with the build.
- ``child``: runs one scene's manim and writes down every project file it
  really imported or opened (the scene's dependencies) and each play's
  content hash.
- ``files``: atomic writes and copies.
- ``cache``: keys that cover a scene's inputs and its output.
- ``scene``: render one scene: its stale sections, as jobs.
- ``sections``: a scene cut into sections named by content, joined again.
- ``jobs``: one render job (a manim process in its own folder).
- ``cluster``: where jobs run: Dask (an embedded LocalCluster, or a
  scheduler's address) or threads.
- ``progress``: the one progress view (rich).
- ``media``: durations, streams, chapters and frames, read with PyAV.
- ``captions``: cues, SRT and WebVTT.
- ``join``: the lecture from its scenes, verified before it is trusted.
- ``sheet``: key frames, posters and the contact sheet.
- ``manifest``: the lecture as data (``lecture-<res>.json``).
- ``describe``: the audio-description track, and the lint for what it misses.
- ``notebooks``: a Jupyter notebook per chapter and one for the lecture.
- ``site``, ``handout``: the lecture page and the printed handout.
- ``lecture``: the whole build, scene by scene, then the join.
- ``script``: the narration script, from the scenes' records.
- ``texcache``: compiled formulas, shared by every build and test run.
- ``audio``: the voice track, levelled to -16 LUFS.
- ``bench``: timings against plain manim.

Nothing a scene imports lives here, so editing build code never re-renders
a scene (the scene keys cover settings, not this package).
"""
