env           = "prod"
callback_urls = ["https://pets.example.com/callback"]
