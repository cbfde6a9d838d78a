from liandong.site.cli import main

main()
