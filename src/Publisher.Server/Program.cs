var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPublisherService();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapPublisher();

app.Run();

/// <summary>The service host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
