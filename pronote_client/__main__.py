from pronote_client.cli import main

raise SystemExit(main())
