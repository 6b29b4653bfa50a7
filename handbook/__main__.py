from handbook.cli import main

main()
