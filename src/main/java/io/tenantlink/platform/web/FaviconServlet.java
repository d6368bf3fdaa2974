package io.tenantlink.platform.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Browsers ask for /favicon.ico by themselves: answer with the asset instead of a "Not found". */
@WebServlet(name = "favicon", urlPatterns = "/favicon.ico")
public class FaviconServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.getRequestDispatcher("/assets/favicon.ico").forward(request, response);
    }
}
