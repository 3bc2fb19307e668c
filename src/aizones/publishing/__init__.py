"""``dist/``: its layout in one place (``layout``), the canonical form every file is written from
(``canonical``), the writers (``writers``), the re-read check of each written file (``reread``),
where an output may go at all (``targets``), the staging folder swapped in atomically
(``staging``), and reopening a current build (``reopen``)."""
