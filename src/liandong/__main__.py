from liandong.core.cli import main

main()
