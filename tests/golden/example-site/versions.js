window.imsdocVersions = {"title": "Integrated Management System Manual", "latest": "3.0", "latest_dir": "latest", "versions": ["3.0"]};
